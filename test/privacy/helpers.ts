/** Test helpers for privacy: a full text dump of the database, PII values that pass the detectors, test keys. */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../src/db/client.js'
import { createApp } from '../../src/app.js'
import type { Driver } from '../../src/db/client.js'
import type { AppDeps } from '../../src/deps.js'
import { toBase64 } from '../../src/privacy/vault.js'
import { createTestApp } from '../support/app.js'

/** Every row of every table (all schemas but the catalogs), each row as text: every column, whatever its type. */
export async function dumpDatabase(db: Db): Promise<string> {
  const tables = await queryRows<{ s: string; t: string }>(
    db,
    sql`SELECT table_schema AS s, table_name AS t FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  )
  const parts: string[] = []
  for (const { s, t } of tables) {
    const rows = await queryRows<{ r: string }>(db, sql`SELECT x::text AS r FROM ${sql.identifier(s)}.${sql.identifier(t)} AS x`)
    parts.push(`## ${s}.${t}`, ...rows.map((r) => r.r))
  }
  return parts.join('\n')
}

const digits = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join('')

/** A unique word that appears nowhere else. */
export const marker = () => `zq${digits(10)}mark`

/** A China mainland mobile number. */
export const phone = () => `138${digits(8)}`

/** A resident ID number with a valid check digit, born 1990-01-01 in Beijing. */
export function cnId(): string {
  const base = `11010519900101${digits(3)}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...base].reduce((acc, d, i) => acc + Number(d) * weights[i], 0)
  return base + '10X98765432'[sum % 11]
}

export const email = () => `u${digits(8)}@example.com`

/** A key spec with fresh keys, e.g. keySpec('k1', 'k2') -> "k1:<b64>,k2:<b64>". */
export function keySpec(...ids: string[]): string {
  return ids.map((id) => `${id}:${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`).join(',')
}

export const SALT = 'test-salt-0123456789abcdef'

/**
 * createTestApp, with `prepare` applied to the deps before the app is built (the app may copy its deps,
 * so a later change needs `rebuild()`).
 */
export async function createPreparedApp(driver: Driver, env: Record<string, string>, prepare: (deps: AppDeps) => void = () => {}) {
  const t = await createTestApp(driver, env)
  prepare(t.deps)
  const rebuilt = { ...t, app: createApp(t.deps), rebuild: () => void (rebuilt.app = createApp(t.deps)) }
  return rebuilt
}

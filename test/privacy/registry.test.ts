/**
 * Every table must be in the privacy registry, and every text/JSON column of a table tied to customers
 * must be declared personal or safe: a new table or column cannot be forgotten by erasure and export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { is, sql } from 'drizzle-orm'
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { queryRows } from '../../src/db/client.js'
import * as schema from '../../src/db/schema/index.js'
import { isCustomerData, REGISTRY, tableName } from '../../src/privacy/registry.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'

const TEXTUAL = /^(text|jsonb?|varchar|character varying|char|character|citext|tsvector)/i
const registered = new Map(REGISTRY.map((e) => [tableName(e.table), e]))
const IMPLIED_SAFE = new Set(['id', 'tenant_id'])

describe('privacy registry', () => {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable))

  it('covers every table in the drizzle schema that has a text or JSON column', () => {
    const missing = tables
      .map((t) => getTableConfig(t))
      .filter((cfg) => cfg.columns.some((c) => TEXTUAL.test(c.getSQLType())))
      .map((cfg) => cfg.name)
      .filter((name) => !registered.has(name))
    expect(missing, `add these tables to src/privacy/registry.ts: ${missing.join(', ')}`).toEqual([])
  })

  it('classifies every text/JSON column of customer tables as personal or safe', () => {
    const unclassified: string[] = []
    for (const entry of REGISTRY.filter(isCustomerData)) {
      const known = new Set([...entry.personal, ...entry.safe].map((c) => c.name))
      if (entry.link.by !== 'customer') known.add(entry.link.column.name)
      for (const col of getTableConfig(entry.table).columns) {
        if (TEXTUAL.test(col.getSQLType()) && !known.has(col.name) && !IMPLIED_SAFE.has(col.name)) unclassified.push(`${tableName(entry.table)}.${col.name}`)
      }
    }
    expect(unclassified, `declare these columns personal or safe in src/privacy/registry.ts`).toEqual([])
  })

  it('scrubs only personal columns, and every kept table with personal data says how', () => {
    for (const entry of REGISTRY.filter(isCustomerData)) {
      if (entry.erase.action === 'scrub') for (const [col] of entry.erase.set) expect(entry.personal).toContain(col)
      if (entry.erase.action === 'keep') expect(entry.personal, tableName(entry.table)).toEqual([])
    }
  })
})

describe.each(DRIVERS)('privacy registry against the migrated database on %s', (driver) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openTestDatabase(driver)
  })
  afterAll(async () => database?.dispose())

  it('knows every table with text or JSON columns that the migrations create (custom SQL included)', async () => {
    const rows = await queryRows<{ table_name: string }>(
      database.db,
      sql`SELECT DISTINCT table_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'json', 'character varying', 'character', 'tsvector', 'ARRAY', 'USER-DEFINED')`,
    )
    const missing = rows.map((r) => r.table_name).filter((name) => !registered.has(name))
    expect(missing, `add these tables to src/privacy/registry.ts: ${missing.join(', ')}`).toEqual([])
  })
})

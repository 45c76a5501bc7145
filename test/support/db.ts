/**
 * Test databases for both drivers. PGlite always; real PostgreSQL when DATABASE_URL_TEST is set
 * (`.ci/run` sets it). Each call gets its own empty, migrated database.
 */
import postgres from 'postgres'
import type { Database, Driver } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { openPglite } from '../../src/db/pglite.js'
import { openPostgres } from '../../src/db/postgres.js'

export const DRIVERS: Driver[] = process.env.DATABASE_URL_TEST ? ['pglite', 'postgres'] : ['pglite']

export interface TestDatabase extends Database {
  /** Closes the connection and drops the database (PostgreSQL). */
  dispose(): Promise<void>
}

export async function openTestDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const database = await openPglite()
    await migrate(database)
    return { ...database, dispose: database.close }
  }
  const adminUrl = process.env.DATABASE_URL_TEST
  if (!adminUrl) throw new Error('DATABASE_URL_TEST is not set')
  const name = `parley_t_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = openPostgres({ url: url.toString(), poolMax: 10, statementTimeoutMs: 30_000, efSearch: 40 })
  await migrate(database)
  return {
    ...database,
    async dispose() {
      await database.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

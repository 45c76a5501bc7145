/**
 * One drizzle database over either driver. The app only sees `Db`; which engine sits
 * underneath is decided once, at start, from config.
 */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { SQL } from 'drizzle-orm'
import * as schema from './schema/index.js'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type Driver = 'pglite' | 'postgres'

export interface Database {
  db: Db
  driver: Driver
  close(): Promise<void>
}

/** Rows of a raw `execute()`: postgres-js returns an array, PGlite an object with `rows`. */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

export { schema }

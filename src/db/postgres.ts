import postgres from 'postgres'
import { drizzle } from 'drizzle-orm/postgres-js'
import { schema, type Database, type Db } from './client.js'

export interface PostgresOptions {
  url: string
  poolMax: number
  statementTimeoutMs: number
  efSearch: number
}

/** Real PostgreSQL over postgres-js, with a bounded pool and per-connection timeouts. */
export function openPostgres(opts: PostgresOptions): Database & { client: postgres.Sql } {
  const client = postgres(opts.url, {
    max: opts.poolMax,
    onnotice: () => {},
    connection: {
      statement_timeout: opts.statementTimeoutMs,
      'hnsw.ef_search': opts.efSearch,
    } as Record<string, number>,
  })
  const db = drizzle(client, { schema }) as unknown as Db
  return { db, client, driver: 'postgres', close: () => client.end({ timeout: 5 }) }
}

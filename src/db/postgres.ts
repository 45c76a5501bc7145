import postgres from 'postgres'
import { drizzle } from 'drizzle-orm/postgres-js'
import type { Config } from '../config.js'
import { schema, type Database, type Db } from './client.js'

export interface PostgresOptions {
  url: string
  /** Connections this process (or Worker request) may open; postgres-js opens them on demand. */
  poolMax: number
  /** Server-side `statement_timeout`: a longer statement fails with SQLSTATE 57014 and the connection stays usable. */
  statementTimeoutMs: number
  /** `hnsw.ef_search`: candidates an HNSW scan keeps; LIMIT k needs ef_search >= k. */
  efSearch: number
  /** Close idle connections after this many seconds (default: never, for a long-lived Node server). */
  idleTimeoutS?: number
  connectTimeoutS?: number
  /** Look up array types on connect (one extra round trip); Workers turn it off. */
  fetchTypes?: boolean
}

/** The pool and timeout settings of a PostgreSQL connection, from config. */
export function postgresOptions(config: Config, url: string): PostgresOptions {
  return {
    url,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    efSearch: config.HNSW_EF_SEARCH,
  }
}

/**
 * Real PostgreSQL over postgres-js, with a bounded pool. `statement_timeout` and `hnsw.ef_search`
 * travel as startup parameters, so they hold for every connection of the pool from its first query.
 */
export type PostgresDatabase = Database & { client: postgres.Sql }

/** The postgres-js client under a PostgreSQL database (for LISTEN/NOTIFY), none under PGlite. */
export function postgresClientOf(database: Database): postgres.Sql | undefined {
  return database.driver === 'postgres' && 'client' in database ? (database as PostgresDatabase).client : undefined
}

export function openPostgres(opts: PostgresOptions): PostgresDatabase {
  const client = postgres(opts.url, {
    max: opts.poolMax,
    onnotice: () => {},
    idle_timeout: opts.idleTimeoutS,
    connect_timeout: opts.connectTimeoutS ?? 30,
    fetch_types: opts.fetchTypes ?? true,
    connection: {
      statement_timeout: Math.trunc(opts.statementTimeoutMs),
      'hnsw.ef_search': Math.trunc(opts.efSearch),
    } as Record<string, number>,
  })
  const db = drizzle(client, { schema }) as unknown as Db
  return { db, client, driver: 'postgres', close: () => client.end({ timeout: 5 }) }
}

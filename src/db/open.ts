import type { Config } from '../config.js'
import type { Database } from './client.js'
import { ensureHnswIndex } from './hnsw.js'
import { migrate } from './migrate.js'

/** The pool and timeout settings of a PostgreSQL connection, from config. */
export function postgresOptions(config: Config, url: string) {
  return {
    url,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    efSearch: config.HNSW_EF_SEARCH,
  }
}

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite), migrates it,
 * and rebuilds the HNSW index if HNSW_M / HNSW_EF_CONSTRUCTION differ from the built index
 * (a no-op on every start after the first with the same settings).
 */
export async function openDatabase(config: Config): Promise<Database> {
  let database: Database
  if (config.DATABASE_URL) {
    const { openPostgres } = await import('./postgres.js')
    database = openPostgres(postgresOptions(config, config.DATABASE_URL))
  } else {
    const { openPglite } = await import('./pglite.js')
    database = await openPglite({ dataDir: config.MEMORY_DB ? undefined : config.DATA_DIR, efSearch: config.HNSW_EF_SEARCH })
  }
  await migrate(database)
  await ensureHnswIndex(database, { m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION })
  return database
}

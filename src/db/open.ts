import type { Config } from '../config.js'
import type { Database } from './client.js'
import { ensureHnswIndex } from './hnsw.js'
import { migrate } from './migrate.js'

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite), migrates it,
 * and rebuilds the HNSW index if HNSW_M / HNSW_EF_CONSTRUCTION differ from the built index
 * (a no-op on every start after the first with the same settings).
 */
export async function openDatabase(config: Config): Promise<Database> {
  let database: Database
  if (config.DATABASE_URL) {
    const { openPostgres, postgresOptions } = await import('./postgres.js')
    database = openPostgres(postgresOptions(config, config.DATABASE_URL))
  } else {
    const { openPglite } = await import('./pglite.js')
    database = await openPglite({ dataDir: config.MEMORY_DB ? undefined : config.DATA_DIR, efSearch: config.HNSW_EF_SEARCH })
  }
  await migrate(database)
  await ensureHnswIndex(database, { m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION })
  return database
}

import type { Config } from '../config.js'
import type { Database } from './client.js'
import { migrate } from './migrate.js'

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite) and migrates it. */
export async function openDatabase(config: Config): Promise<Database> {
  let database: Database
  if (config.DATABASE_URL) {
    const { openPostgres } = await import('./postgres.js')
    database = openPostgres({
      url: config.DATABASE_URL,
      poolMax: config.DB_POOL_MAX,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      efSearch: config.HNSW_EF_SEARCH,
    })
  } else {
    const { openPglite } = await import('./pglite.js')
    database = await openPglite({ dataDir: config.MEMORY_DB ? undefined : config.DATA_DIR, efSearch: config.HNSW_EF_SEARCH })
  }
  await migrate(database)
  return database
}

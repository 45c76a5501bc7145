import { fileURLToPath } from 'node:url'
import type { Database } from './client.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Applies the drizzle-kit migrations in `migrations/` (Node only: it reads the folder). */
export async function migrate(database: Database, migrationsFolder = MIGRATIONS_DIR): Promise<void> {
  if (database.driver === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator')
    await run(database.db as never, { migrationsFolder })
  } else {
    const { migrate: run } = await import('drizzle-orm/postgres-js/migrator')
    await run(database.db as never, { migrationsFolder })
  }
}

import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { drizzle } from 'drizzle-orm/pglite'
import { schema, type Database, type Db } from './client.js'

export interface PgliteOptions {
  /** Directory to persist to; omitted for an in-memory database. */
  dataDir?: string
  /** A tarball from `dumpDataDir()`: clones a seeded database without re-running migrations. */
  loadDataDir?: Blob | File
  efSearch?: number
}

/** The embedded database. PGlite has a single connection: one instance per process and data directory. */
export async function openPglite(opts: PgliteOptions = {}): Promise<Database & { client: PGlite }> {
  const client = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { vector },
  })
  // A session setting on PGlite's single connection. Set before the vector library loads, it is kept
  // as a placeholder that pgvector adopts on load (test/db/settings.test.ts checks it takes effect).
  if (opts.efSearch) await client.exec(`SET hnsw.ef_search = ${Math.trunc(opts.efSearch)}`)
  const db = drizzle(client, { schema }) as unknown as Db
  return { db, client, driver: 'pglite', close: () => client.close() }
}

/**
 * The HNSW index on chunk embeddings. `m` and `ef_construction` are fixed when the index is built,
 * so changing HNSW_M / HNSW_EF_CONSTRUCTION means rebuilding it: `ensureHnswIndex` compares the
 * built index with the wanted parameters and rebuilds only on a difference. `hnsw.ef_search` is a
 * per-connection setting (see pglite.ts / postgres.ts) and needs no rebuild.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Database } from './client.js'

export const HNSW_INDEX = 'chunks_embedding_hnsw_idx'
/** pgvector's defaults, which an index built without `WITH (...)` (the migration's) has. */
export const PGVECTOR_DEFAULTS: HnswParams = { m: 16, efConstruction: 64 }

export interface HnswParams {
  m: number
  efConstruction: number
}

export function checkHnswParams(p: HnswParams): void {
  if (!Number.isInteger(p.m) || p.m < 2 || p.m > 100) throw new Error(`HNSW m must be an integer in 2..100, got ${p.m}`)
  if (!Number.isInteger(p.efConstruction) || p.efConstruction < 2 * p.m || p.efConstruction > 1000) {
    throw new Error(`HNSW ef_construction must be an integer in 2*m..1000 (pgvector's rule), got ${p.efConstruction} with m=${p.m}`)
  }
}

/** `CREATE INDEX` for the chunk embeddings with explicit parameters. */
export function hnswIndexSql(p: HnswParams, opts: { name?: string; concurrently?: boolean; table?: string } = {}): string {
  checkHnswParams(p)
  const name = opts.name ?? HNSW_INDEX
  return `CREATE INDEX ${opts.concurrently ? 'CONCURRENTLY ' : ''}"${name}" ON "${opts.table ?? 'chunks'}" USING hnsw ("embedding" vector_cosine_ops) WITH (m = ${p.m}, ef_construction = ${p.efConstruction})`
}

/** The parameters the index was built with, or null when it does not exist. */
export async function readHnswParams(database: Pick<Database, 'db'>, name = HNSW_INDEX): Promise<HnswParams | null> {
  const rows = await queryRows<{ reloptions: string[] | string | null }>(
    database.db,
    sql`SELECT c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = ${name} AND c.relkind = 'i' AND n.nspname = current_schema()`,
  )
  if (!rows.length) return null
  const raw = rows[0].reloptions
  // postgres-js parses text[]; PGlite may hand back the '{m=16,...}' literal.
  const options = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.replace(/^\{|\}$/g, '').split(',').filter(Boolean) : []
  const get = (key: string) => options.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1)
  return {
    m: Number(get('m') ?? PGVECTOR_DEFAULTS.m),
    efConstruction: Number(get('ef_construction') ?? PGVECTOR_DEFAULTS.efConstruction),
  }
}

export interface EnsureResult {
  rebuilt: boolean
  before: HnswParams | null
  after: HnswParams
}

/**
 * Rebuilds the chunk-embedding index when its parameters differ from `want` (or `force`).
 * On PostgreSQL the new index is built CONCURRENTLY under a temporary name and swapped in, so
 * searches and ingests keep working during the build; on PGlite (one connection) it is a plain rebuild.
 */
export async function ensureHnswIndex(database: Database, want: HnswParams, opts: { force?: boolean } = {}): Promise<EnsureResult> {
  checkHnswParams(want)
  const before = await readHnswParams(database)
  if (!opts.force && before && before.m === want.m && before.efConstruction === want.efConstruction) {
    return { rebuilt: false, before, after: before }
  }
  const exec = (text: string) => database.db.execute(sql.raw(text))
  if (database.driver === 'postgres') {
    const tmp = `${HNSW_INDEX}_new`
    await exec(`DROP INDEX CONCURRENTLY IF EXISTS "${tmp}"`) // a leftover invalid index from an interrupted build
    await exec(hnswIndexSql(want, { name: tmp, concurrently: true }))
    await exec(`DROP INDEX CONCURRENTLY IF EXISTS "${HNSW_INDEX}"`)
    await exec(`ALTER INDEX "${tmp}" RENAME TO "${HNSW_INDEX}"`)
  } else {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`DROP INDEX IF EXISTS "${HNSW_INDEX}"`))
      await tx.execute(sql.raw(hnswIndexSql(want)))
    })
  }
  const after = await readHnswParams(database)
  if (!after) throw new Error(`${HNSW_INDEX} missing after rebuild`)
  return { rebuilt: true, before, after }
}

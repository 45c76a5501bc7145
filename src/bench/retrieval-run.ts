/**
 * The retrieval benchmark on one driver: bulk-load N synthetic chunks into the real schema with the
 * indexes dropped (COPY), build the HNSW and GIN indexes, then time nearest-neighbour queries
 * (the app's query shape, index on), the same queries exact (index scans off, the baseline for
 * recall@k and speed-up), and the app's full hybrid search. Node only.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import postgres from 'postgres'
import type { Database, Driver } from '../db/client.js'
import { hnswIndexSql, HNSW_INDEX, type HnswParams } from '../db/hnsw.js'
import { migrate } from '../db/migrate.js'
import { openPglite } from '../db/pglite.js'
import { openPostgres } from '../db/postgres.js'
import { searchKnowledge } from '../knowledge/search.js'
import { createSearchCache } from '../knowledge/search-cache.js'
import { binaryCopy, CHUNKS_PER_SYNTHETIC_DOC, syntheticCorpus, vectorText, type CopyField, type SyntheticCorpus } from './retrieval-data.js'
import { latencyStats, type LatencyStats } from './harness.js'

export interface BenchOptions {
  n: number
  dim: number
  queries: number
  k: number
  hnsw: HnswParams
  /** ef_search values to measure; the first is also used for the hybrid search. */
  efSearch: number[]
  seed: number
  /** maintenance_work_mem for the index build (the whole graph should fit for a fast build). */
  maintenanceWorkMem: string
  batch: number
  /** Keep PGlite in memory instead of a temporary data directory on disk (small runs, tests). */
  pgliteInMemory?: boolean
  /** PostgreSQL server URL; the bench creates and drops its own database there. */
  postgresUrl?: string
  log?: (line: string) => void
}

export interface EfResult {
  efSearch: number
  latency: LatencyStats
  recall: number
  /** Whether the planner used the HNSW index (it may not on small tables or low ef_search). */
  indexScan: boolean
}

export interface DriverResult {
  driver: Driver
  n: number
  dim: number
  loadSeconds: number
  rowsPerSecond: number
  hnswBuildSeconds: number
  ginBuildSeconds: number
  tableMB: number
  hnswMB: number
  exact: LatencyStats
  ann: EfResult[]
  hybrid: LatencyStats
  settings: Record<string, string>
}

interface BenchConn {
  exec(text: string): Promise<void>
  rows<T>(text: string, params?: unknown[]): Promise<T[]>
  copy(table: string, columns: string[], body: Buffer): Promise<void>
  database: Database
  close(): Promise<void>
}

const ms = (t0: number) => performance.now() - t0

async function openPgliteConn(inMemory = false): Promise<BenchConn> {
  const dir = inMemory ? undefined : await mkdtemp(join(tmpdir(), 'parley-bench-'))
  const database = await openPglite({ dataDir: dir })
  const client = database.client
  return {
    database,
    exec: async (text) => void (await client.exec(text)),
    rows: async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
    copy: async (table, columns, body) =>
      void (await client.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob: new Blob([new Uint8Array(body)]) })),
    close: async () => {
      await database.close()
      if (dir) await rm(dir, { recursive: true, force: true })
    },
  }
}

async function openPostgresConn(serverUrl: string, efSearch: number): Promise<BenchConn> {
  const name = `parley_bench_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  // A pool for the app's hybrid search, plus one reserved connection so session settings hold.
  const database = openPostgres({ url: url.toString(), poolMax: 2, statementTimeoutMs: 0, efSearch })
  const conn = await database.client.reserve()
  return {
    database,
    exec: async (text) => void (await conn.unsafe(text)),
    rows: async <T>(text: string, params?: unknown[]) => (await conn.unsafe(text, params as never[])) as unknown as T[],
    copy: async (table, columns, body) => {
      const stream = await conn.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT binary)`).writable()
      stream.end(body)
      await finished(stream)
    },
    close: async () => {
      conn.release()
      await database.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

const TENANT = 'bench'
const CHUNK_COLUMNS = ['id', 'tenant_id', 'doc_id', 'ordinal', 'text', 'search_text', 'embedding', 'embedder_id']

async function load(conn: BenchConn, corpus: SyntheticCorpus, opts: BenchOptions): Promise<number> {
  const { n } = corpus.spec
  let copyMs = 0
  for (let start = 0; start < n; start += opts.batch) {
    const end = Math.min(n, start + opts.batch)
    const chunkRows: CopyField[][] = []
    const docRows: CopyField[][] = []
    for (let i = start; i < end; i++) {
      const r = corpus.row(i)
      chunkRows.push([r.id, TENANT, r.docId, r.ordinal, r.text, r.text, r.embedding, 'synthetic'])
      if (r.ordinal === 0) docRows.push([TENANT, r.docId, `Document ${r.docId}`, 'en', 'text', 'synthetic'])
    }
    const chunkBody = binaryCopy(chunkRows)
    const docBody = docRows.length ? binaryCopy(docRows) : null
    const t0 = performance.now()
    if (docBody) await conn.copy('documents', ['tenant_id', 'id', 'title', 'lang', 'format', 'content_hash'], docBody)
    await conn.copy('chunks', CHUNK_COLUMNS, chunkBody)
    copyMs += ms(t0)
    if (end % Math.max(opts.batch, Math.floor(n / 10 / opts.batch) * opts.batch) === 0 || end === n) opts.log?.(`  loaded ${end}/${n}`)
  }
  return copyMs / 1000
}

export async function runDriverBench(driver: Driver, opts: BenchOptions): Promise<DriverResult> {
  const log = opts.log ?? (() => {})
  const corpus = syntheticCorpus({ n: opts.n, dim: opts.dim, seed: opts.seed })
  const conn = driver === 'pglite' ? await openPgliteConn(opts.pgliteInMemory) : await openPostgresConn(opts.postgresUrl ?? '', opts.efSearch[0])
  try {
    await migrate(conn.database)
    // Bulk load with the vector and full-text indexes dropped, then build them once.
    await conn.exec(`DROP INDEX IF EXISTS ${HNSW_INDEX}; DROP INDEX IF EXISTS chunks_tsv_idx`)
    if (opts.dim !== 512) await conn.exec(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${opts.dim})`)
    await conn.exec(`INSERT INTO tenants (id, name) VALUES ('${TENANT}', 'bench')`)
    log(`${driver}: loading ${opts.n} chunks (dim ${opts.dim}, ${corpus.spec.clusters} topics)`)
    const loadSeconds = await load(conn, corpus, opts)
    await conn.exec('ANALYZE chunks; ANALYZE documents')

    await conn.exec(`SET maintenance_work_mem = '${opts.maintenanceWorkMem}'`)
    log(`${driver}: building HNSW (m=${opts.hnsw.m}, ef_construction=${opts.hnsw.efConstruction})`)
    let t0 = performance.now()
    await conn.exec(hnswIndexSql(opts.hnsw))
    const hnswBuildSeconds = ms(t0) / 1000
    t0 = performance.now()
    await conn.exec('CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv)')
    const ginBuildSeconds = ms(t0) / 1000
    await conn.exec('ANALYZE chunks')

    const settings: Record<string, string> = {}
    for (const name of ['server_version', 'maintenance_work_mem', 'max_parallel_maintenance_workers', 'max_parallel_workers_per_gather', 'shared_buffers']) {
      settings[name] = (await conn.rows<Record<string, string>>(`SHOW ${name}`))[0][name]
    }
    settings.vector = (await conn.rows<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`))[0].v
    const [sizes] = await conn.rows<{ t: string; i: string }>(`SELECT pg_total_relation_size('chunks') AS t, pg_relation_size('${HNSW_INDEX}') AS i`)

    const queries = Array.from({ length: opts.queries }, (_, j) => corpus.query(j))
    // The app's nearest-neighbour query shape. Each mode gets its own SQL text so a plan cached for one
    // mode (postgres-js prepares statements) is never reused under another mode's settings.
    const annSql = (mode: string) => `/* ${mode} */ SELECT id FROM chunks WHERE tenant_id = $1 ORDER BY embedding <=> $2::vector LIMIT ${opts.k}`
    const run = async (mode: string, q: (typeof queries)[number]) => {
      const t = performance.now()
      const rows = await conn.rows<{ id: string }>(annSql(mode), [TENANT, vectorText(q.embedding)])
      return { ms: ms(t), ids: rows.map((r) => r.id) }
    }
    const usesIndex = async (mode: string) => {
      const plan = await conn.rows<Record<string, string>>(`EXPLAIN ${annSql(mode)}`, [TENANT, vectorText(queries[0].embedding)])
      return plan.some((r) => Object.values(r)[0].includes(HNSW_INDEX))
    }
    const warm = Math.min(10, queries.length)

    log(`${driver}: ${queries.length} exact queries (index scans off)`)
    await conn.exec('SET enable_indexscan = off')
    for (const q of queries.slice(0, warm)) await run('exact', q)
    const exactRuns: Array<{ ms: number; ids: string[] }> = []
    for (const q of queries) exactRuns.push(await run('exact', q))
    if (await usesIndex('exact')) throw new Error('exact queries used the HNSW index')
    await conn.exec('RESET enable_indexscan')

    const annResults: EfResult[] = []
    for (const ef of opts.efSearch) {
      const mode = `ann ef_search=${ef}`
      await conn.exec(`SET hnsw.ef_search = ${Math.trunc(ef)}`)
      for (const q of queries.slice(0, warm)) await run(mode, q)
      const runs: Array<{ ms: number; ids: string[] }> = []
      for (const q of queries) runs.push(await run(mode, q))
      const recall = runs.reduce((sum, r, j) => sum + r.ids.filter((id) => exactRuns[j].ids.includes(id)).length / Math.max(1, exactRuns[j].ids.length), 0) / runs.length
      const indexScan = await usesIndex(mode)
      annResults.push({ efSearch: ef, latency: latencyStats(runs.map((r) => r.ms)), recall, indexScan })
      log(`${driver}: ef_search=${ef} recall@${opts.k}=${recall.toFixed(3)}${indexScan ? '' : ' (planner chose a sequential scan)'}`)
    }

    // The app's hybrid query (vector + full text, fused), with the query vector standing in for an embedder.
    await conn.exec(`SET hnsw.ef_search = ${Math.trunc(opts.efSearch[0])}`)
    const hybridMs: number[] = []
    // As the app runs it: chunks and corpus statistics remembered between searches.
    const searchCache = createSearchCache()
    for (const [j, q] of queries.entries()) {
      const embedder = { id: 'synthetic', dim: opts.dim, embed: async () => [Array.from(q.embedding)] }
      const t = performance.now()
      await searchKnowledge({ db: conn.database.db, embedder, searchCache }, TENANT, q.text, { k: opts.k })
      if (j >= warm || queries.length <= warm) hybridMs.push(ms(t))
    }

    return {
      driver,
      n: opts.n,
      dim: opts.dim,
      loadSeconds,
      rowsPerSecond: opts.n / loadSeconds,
      hnswBuildSeconds,
      ginBuildSeconds,
      tableMB: Number(sizes.t) / 2 ** 20,
      hnswMB: Number(sizes.i) / 2 ** 20,
      exact: latencyStats(exactRuns.map((r) => r.ms)),
      ann: annResults,
      hybrid: latencyStats(hybridMs),
      settings,
    }
  } finally {
    await conn.close()
  }
}

export { CHUNKS_PER_SYNTHETIC_DOC }

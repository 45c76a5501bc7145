/**
 * Database settings from config really apply: hnsw.ef_search on both drivers (observed through the
 * rows an HNSW scan can return), HNSW build parameters (rebuilt on change), and on PostgreSQL the
 * pool bound and statement_timeout.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sql } from 'drizzle-orm'
import { queryRows, type Database, type Driver } from '../../src/db/client.js'
import { loadConfig } from '../../src/config.js'
import { ensureHnswIndex, readHnswParams, HNSW_INDEX } from '../../src/db/hnsw.js'
import { migrate } from '../../src/db/migrate.js'
import { openDatabase } from '../../src/db/open.js'
import { openPglite } from '../../src/db/pglite.js'
import { openPostgres } from '../../src/db/postgres.js'
import { DRIVERS } from '../support/db.js'
import { createScratchDatabase, vectorLiteral, type ScratchDatabase } from './scratch.js'

// Each test opens and migrates PGlite instances (WASM); allow for two busy cores.
vi.setConfig({ testTimeout: 240_000 })

const HAS_PG = Boolean(process.env.DATABASE_URL_TEST)

async function fillChunks(database: Database, n: number) {
  const values = Array.from({ length: n }, (_, i) => sql`(${`c${i}`}, 't1', 'd1', ${i}, 'x', 'x', ${vectorLiteral(i + 1)}::vector, 'test')`)
  await database.db.execute(sql`INSERT INTO chunks (id, tenant_id, doc_id, ordinal, text, search_text, embedding, embedder_id) VALUES ${sql.join(values, sql`, `)}`)
}

/** Runs the app's nearest-neighbour query with sequential scans off, so the HNSW index must serve it. */
async function annQuery(database: Database, limit: number) {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`)
    const plan = await queryRows<Record<string, string>>(tx, sql`EXPLAIN SELECT id FROM chunks ORDER BY embedding <=> ${vectorLiteral(999)}::vector LIMIT ${limit}`)
    const rows = await queryRows<{ id: string }>(tx, sql`SELECT id FROM chunks ORDER BY embedding <=> ${vectorLiteral(999)}::vector LIMIT ${limit}`)
    const [{ ef }] = await queryRows<{ ef: string }>(tx, sql`SELECT current_setting('hnsw.ef_search') AS ef`)
    return { rows, ef, plan: plan.map((r) => Object.values(r)[0]).join('\n') }
  })
}

describe.each(DRIVERS)('database settings on %s', (driver: Driver) => {
  let scratch: ScratchDatabase | undefined
  const opened: Database[] = []

  async function open(efSearch: number): Promise<Database> {
    let database: Database
    if (driver === 'pglite') database = await openPglite({ efSearch })
    else {
      scratch ??= await createScratchDatabase()
      database = openPostgres({ url: scratch.url, poolMax: 4, statementTimeoutMs: 30_000, efSearch })
    }
    opened.push(database)
    return database
  }

  afterAll(async () => {
    for (const d of opened) await d.close()
    await scratch?.drop()
  })

  it('applies hnsw.ef_search to every HNSW scan: LIMIT 10 with ef_search 5 yields 5 rows, with 40 yields 10', async () => {
    const small = await open(5)
    await migrate(small)
    await fillChunks(small, 60)
    const narrow = await annQuery(small, 10)
    expect(narrow.plan).toContain(HNSW_INDEX)
    expect(narrow.ef).toBe('5')
    expect(narrow.rows).toHaveLength(5)

    // A second connection: the same database on PostgreSQL, a fresh in-process one on PGlite.
    const wide = await open(40)
    if (driver === 'pglite') {
      await migrate(wide)
      await fillChunks(wide, 60)
    }
    const all = await annQuery(wide, 10)
    expect(all.ef).toBe('40')
    expect(all.rows).toHaveLength(10)
  })

  it('rebuilds the HNSW index when m / ef_construction change, and only then', async () => {
    const database = await open(40)
    if (driver === 'pglite') {
      await migrate(database)
      await fillChunks(database, 60)
    }
    const before = await readHnswParams(database)
    const current = before ?? { m: 16, efConstruction: 64 }
    const want = { m: current.m === 8 ? 12 : 8, efConstruction: 40 }
    const first = await ensureHnswIndex(database, want)
    expect(first.rebuilt).toBe(true)
    expect(first.after).toEqual(want)
    expect(await readHnswParams(database)).toEqual(want)
    const second = await ensureHnswIndex(database, want)
    expect(second.rebuilt).toBe(false)

    const [valid] = await queryRows<{ indisvalid: boolean; n: number }>(
      database.db,
      sql`SELECT i.indisvalid, (SELECT count(*)::int FROM pg_class WHERE relname LIKE ${`${HNSW_INDEX}%`}) AS n
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ${HNSW_INDEX}`,
    )
    expect(valid).toEqual({ indisvalid: true, n: 1 })
    expect((await annQuery(database, 10)).rows).toHaveLength(10)
    await expect(ensureHnswIndex(database, { m: 16, efConstruction: 20 })).rejects.toThrow(/ef_construction/)
  })

  it('openDatabase takes HNSW_M, HNSW_EF_CONSTRUCTION and HNSW_EF_SEARCH from config', async () => {
    const env: Record<string, string> = { HNSW_M: '10', HNSW_EF_CONSTRUCTION: '48', HNSW_EF_SEARCH: '7', DB_POOL_MAX: '2' }
    if (driver === 'pglite') env.MEMORY_DB = 'true'
    else {
      scratch ??= await createScratchDatabase()
      env.DATABASE_URL = scratch.url
    }
    const database = await openDatabase(loadConfig(env))
    opened.push(database)
    expect(await readHnswParams(database)).toEqual({ m: 10, efConstruction: 48 })
    const [{ ef }] = await queryRows<{ ef: string }>(database.db, sql`SELECT current_setting('hnsw.ef_search') AS ef`)
    expect(ef).toBe('7')
  })
})

describe.runIf(HAS_PG)('PostgreSQL pool and statement timeout', () => {
  let scratch: ScratchDatabase
  let database: ReturnType<typeof openPostgres>

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    database = openPostgres({ url: scratch.url, poolMax: 3, statementTimeoutMs: 300, efSearch: 40 })
  })
  afterAll(async () => {
    await database?.close()
    await scratch?.drop()
  })

  it('cancels a statement over DB_STATEMENT_TIMEOUT_MS with SQLSTATE 57014, and the pool keeps working', async () => {
    const [{ statement_timeout }] = await database.client`SHOW statement_timeout`
    expect(statement_timeout).toBe('300ms')
    const error = await database.client`SELECT pg_sleep(5)`.then(
      () => null,
      (e: unknown) => e as { code?: string; message: string },
    )
    expect(error?.code).toBe('57014')
    expect(error?.message).toMatch(/statement timeout/)
    // Every pooled connection still answers afterwards.
    const rows = await Promise.all(Array.from({ length: 6 }, () => database.client`SELECT 1 AS one`))
    expect(rows.map((r) => r[0].one)).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('never opens more than DB_POOL_MAX connections, however many queries wait', async () => {
    const results = await Promise.all(Array.from({ length: 9 }, () => database.client`SELECT pg_backend_pid() AS pid, pg_sleep(0.1)`))
    const pids = new Set(results.map((r) => r[0].pid))
    expect(pids.size).toBeGreaterThan(1)
    expect(pids.size).toBeLessThanOrEqual(3)
    const [{ n }] = await database.client`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
    expect(n).toBeLessThanOrEqual(2)
  })
})

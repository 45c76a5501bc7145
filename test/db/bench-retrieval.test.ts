/**
 * The retrieval benchmark runs end to end on each driver at a tiny size: bulk load through binary
 * COPY lands every row, the exact baseline never touches the index, and recall is a fraction.
 * (Figures come from `npm run bench:retrieval`; nothing here asserts on timings.)
 */
import { describe, expect, it } from 'vitest'
import { runDriverBench } from '../../src/bench/retrieval-run.js'
import { syntheticCorpus } from '../../src/bench/retrieval-data.js'
import { DRIVERS } from '../support/db.js'

describe('synthetic corpus', () => {
  it('is deterministic, unit-length, and clustered (same-topic rows are closer than others)', () => {
    const a = syntheticCorpus({ n: 400, dim: 64, seed: 7 })
    const b = syntheticCorpus({ n: 400, dim: 64, seed: 7 })
    expect(Array.from(a.row(5).embedding)).toEqual(Array.from(b.row(5).embedding))
    const rows = Array.from({ length: 400 }, (_, i) => a.row(i))
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i], 0)
    for (const r of rows.slice(0, 10)) expect(dot(r.embedding, r.embedding)).toBeCloseTo(1, 4)
    let same = 0, sameN = 0, other = 0, otherN = 0
    for (let i = 0; i < 100; i++) for (let j = i + 1; j < 100; j++) {
      const d = dot(rows[i].embedding, rows[j].embedding)
      if (rows[i].cluster === rows[j].cluster) (same += d), sameN++
      else (other += d), otherN++
    }
    expect(same / sameN).toBeGreaterThan(other / otherN + 0.3)
  })
})

describe.each(DRIVERS)('retrieval bench on %s', (driver) => {
  it('loads, indexes and measures a small corpus', async () => {
    const result = await runDriverBench(driver, {
      n: 600, dim: 32, queries: 12, k: 5, hnsw: { m: 8, efConstruction: 32 }, efSearch: [10, 40], seed: 3,
      maintenanceWorkMem: '64MB', batch: 250, pgliteInMemory: true, postgresUrl: process.env.DATABASE_URL_TEST,
    })
    expect(result.n).toBe(600)
    expect(result.rowsPerSecond).toBeGreaterThan(0)
    expect(result.hnswMB).toBeGreaterThan(0)
    expect(result.ann.map((a) => a.efSearch)).toEqual([10, 40])
    for (const a of result.ann) {
      expect(a.recall).toBeGreaterThanOrEqual(0)
      expect(a.recall).toBeLessThanOrEqual(1)
    }
    expect(result.settings.vector).toMatch(/^0\.\d+\.\d+$/)
  }, 240_000) // PGlite's HNSW build is single-threaded WASM: slow when CI's two cores are busy
})

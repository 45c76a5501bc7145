/**
 * `npm run bench:retrieval -- [--n 10000] [--dim 512] [--queries 200] [--k 10] [--ef-search 40,100]
 *   [--m 16] [--ef-construction 64] [--drivers pglite,postgres] [--maintenance-work-mem 512MB] [--json out.json]`
 *
 * Synthetic chunks bulk-loaded into PGlite and (when DATABASE_URL_TEST or DATABASE_URL is set)
 * PostgreSQL, side by side: ingest rate, index build time, query latency, recall@k against exact
 * search measured in the same run. The PostgreSQL run creates and drops its own database on that
 * server (needs CREATEDB). HNSW m / ef_construction / ef_search default to HNSW_* from config.
 */
import { writeFile } from 'node:fs/promises'
import { loadConfig } from '../config.js'
import type { Driver } from '../db/client.js'
import { checkHnswParams } from '../db/hnsw.js'
import { runDriverBench, type BenchOptions, type DriverResult } from './retrieval-run.js'

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

function int(args: string[], name: string, fallback: number, max: number): number {
  const raw = flag(args, name)
  if (raw === undefined) return fallback
  const value = Number(raw.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'))
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be an integer in 1..${max}, got ${raw}`)
  return value
}

const f = (x: number, digits = 1) => x.toFixed(digits)
const pad = (s: string, w: number) => s.padStart(w)

export function formatReport(results: DriverResult[], opts: BenchOptions): string {
  const lines: string[] = []
  const cols = results.map((r) => r.driver)
  const w = 14
  const row = (label: string, cells: string[]) => lines.push(label.padEnd(34) + cells.map((c) => pad(c, w)).join(''))
  lines.push(`retrieval bench: n=${opts.n} dim=${opts.dim} queries=${opts.queries} k=${opts.k} m=${opts.hnsw.m} ef_construction=${opts.hnsw.efConstruction}`)
  row('', cols)
  row('ingest (COPY, indexes dropped) rows/s', results.map((r) => f(r.rowsPerSecond, 0)))
  row('load time s', results.map((r) => f(r.loadSeconds)))
  row('HNSW build s', results.map((r) => f(r.hnswBuildSeconds)))
  row('GIN (full text) build s', results.map((r) => f(r.ginBuildSeconds)))
  row('table+indexes MB / HNSW MB', results.map((r) => `${f(r.tableMB, 0)}/${f(r.hnswMB, 0)}`))
  row('exact p50/p95 ms', results.map((r) => `${f(r.exact.p50)}/${f(r.exact.p95)}`))
  for (const [i, ef] of opts.efSearch.entries()) {
    row(`HNSW ef_search=${ef} p50/p95 ms`, results.map((r) => `${f(r.ann[i].latency.p50, 2)}/${f(r.ann[i].latency.p95, 2)}`))
    row(`  plan`, results.map((r) => (r.ann[i].indexScan ? 'HNSW index' : 'seq scan')))
    row(`  recall@${opts.k} vs exact`, results.map((r) => f(r.ann[i].recall, 3)))
    row(`  speed-up vs exact (p50)`, results.map((r) => `${f(r.exact.p50 / r.ann[i].latency.p50)}x`))
  }
  row(`hybrid search (app SQL) p50/p95 ms`, results.map((r) => `${f(r.hybrid.p50, 2)}/${f(r.hybrid.p95, 2)}`))
  const pg = results.find((r) => r.driver === 'postgres')
  const lite = results.find((r) => r.driver === 'pglite')
  if (pg && lite) {
    lines.push('PGlite / PostgreSQL (same run):')
    lines.push(`  ingest rate ${f(lite.rowsPerSecond / pg.rowsPerSecond, 2)}x, HNSW build time ${f(lite.hnswBuildSeconds / pg.hnswBuildSeconds, 2)}x, ` +
      `HNSW p50 ${f(lite.ann[0].latency.p50 / pg.ann[0].latency.p50, 2)}x, exact p50 ${f(lite.exact.p50 / pg.exact.p50, 2)}x, hybrid p50 ${f(lite.hybrid.p50 / pg.hybrid.p50, 2)}x`)
  }
  for (const r of results) lines.push(`${r.driver}: ${Object.entries(r.settings).map(([k, v]) => `${k}=${v}`).join(' ')}`)
  return lines.join('\n')
}

async function main() {
  const args = process.argv.slice(2)
  const config = loadConfig(process.env)
  const postgresUrl = process.env.DATABASE_URL_TEST || process.env.DATABASE_URL
  const drivers = (flag(args, 'drivers') ?? (postgresUrl ? 'pglite,postgres' : 'pglite')).split(',') as Driver[]
  if (drivers.includes('postgres') && !postgresUrl) throw new Error('--drivers postgres needs DATABASE_URL_TEST or DATABASE_URL')
  const opts: BenchOptions = {
    n: int(args, 'n', 10_000, 1_000_000),
    dim: int(args, 'dim', 512, 2000),
    queries: int(args, 'queries', 200, 10_000),
    k: int(args, 'k', 10, 100),
    hnsw: { m: int(args, 'm', config.HNSW_M, 100), efConstruction: int(args, 'ef-construction', config.HNSW_EF_CONSTRUCTION, 1000) },
    efSearch: (flag(args, 'ef-search') ?? String(config.HNSW_EF_SEARCH)).split(',').map(Number),
    seed: int(args, 'seed', 42, 2 ** 31),
    maintenanceWorkMem: flag(args, 'maintenance-work-mem') ?? '512MB',
    batch: int(args, 'batch', 2000, 100_000),
    postgresUrl,
    log: (line) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  }
  checkHnswParams(opts.hnsw)
  if (opts.efSearch.some((e) => !Number.isInteger(e) || e < 1 || e > 1000)) throw new Error('--ef-search takes integers in 1..1000')
  const results: DriverResult[] = []
  for (const driver of drivers) results.push(await runDriverBench(driver, opts))
  console.log(formatReport(results, opts))
  const out = flag(args, 'json')
  if (out) await writeFile(out, JSON.stringify({ options: { ...opts, log: undefined, postgresUrl: undefined }, results }, null, 2))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}

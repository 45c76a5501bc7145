/**
 * `npm run bench [-- --duration 8] [-- --levels 1,20,100]`: chat-turn throughput and latency of the
 * real server (child process, local models, rate limits raised out of the way but still in the
 * path) at 1, 20 and 100 concurrent conversations, next to a bare Hono JSON route measured in
 * the same run on the same machine. Embedded PGlite always; PostgreSQL too when DATABASE_URL is set,
 * with one server process and with `--workers n` (default: one per core) behind the same port.
 * Each connection plays one conversation of three different questions at a time, then takes a new one;
 * the questions are the demo eval suite's answerable ones, so caches see a realistic spread.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { answerableQuestions, flag, formatEventLoop, serviceEventLoop, startServer as start, stopServer as stop } from './harness.js'

const DURATION = Number(flag('duration', '8'))
const LEVELS = flag('levels', '1,20,100').split(',').map(Number)
const WORKERS = Number(flag('workers', String(availableParallelism())))
const QUESTIONS = answerableQuestions().map((q) => q.text)
const UNLIMITED = { RATE_LIMIT_KEY_PER_MINUTE: '10000000', RATE_LIMIT_KEY_BURST: '1000000', RATE_LIMIT_CUSTOMER_PER_MINUTE: '10000000', RATE_LIMIT_CUSTOMER_BURST: '1000000' }

interface Measured {
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
  non2xx: number
  requests: number
}

function summarize(r: autocannon.Result): Measured {
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p95: percentile95(r),
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
  }
}

/** autocannon reports p90, p97.5 and p99; p95 is interpolated between p90 and p97.5. */
function percentile95(r: autocannon.Result): number {
  const l = r.latency as unknown as Record<string, number>
  return l.p90 + ((l.p97_5 - l.p90) * (95 - 90)) / (97.5 - 90)
}

async function bare(url: string, connections: number): Promise<Measured> {
  const r = await autocannon({ url: `${url}/bare`, connections, duration: DURATION, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: QUESTIONS[0] }) })
  return summarize(r)
}

async function createConversations(url: string, n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async (_, j) => {
        const res = await fetch(`${url}/v1/conversations`, { method: 'POST', headers: { 'x-customer-id': `bench-${i + j}` } })
        if (res.status !== 201) throw new Error(`create conversation: ${res.status} ${await res.text()}`)
        return ((await res.json()) as { id: string }).id
      }),
    )
    ids.push(...batch)
  }
  return ids
}

async function turns(url: string, connections: number, pool: string[]): Promise<Measured & { routes: Record<string, number> }> {
  let next = 0
  const routes: Record<string, number> = {}
  const indexOf = new Map(pool.map((id, i) => [id, i]))
  const message = (step: number) => ({
    method: 'POST' as const,
    setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
      if (step === 0) context.conv = pool[next++ % pool.length]
      const conv = context.conv as string
      const i = indexOf.get(conv)!
      const q = QUESTIONS[(3 * i + step) % QUESTIONS.length]
      return { ...req, path: `/v1/conversations/${conv}/messages`, headers: { 'content-type': 'application/json', 'x-customer-id': `bench-${i}` }, body: JSON.stringify({ text: q }) }
    },
    onResponse: (status: number, body: string) => {
      const route = status === 200 ? ((JSON.parse(body) as { route: string; handoff?: { reason: string } }).handoff?.reason ?? 'answer') : `HTTP ${status}`
      routes[route] = (routes[route] ?? 0) + 1
    },
  })
  const r = await autocannon({ url, connections, duration: DURATION, requests: [message(0), message(1), message(2)] })
  return { ...summarize(r), routes }
}

const fmt = (m: Measured) => `${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(1).padStart(6)} ms  p95 ${m.p95.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms`

async function benchDatabase(label: string, env: Record<string, string>) {
  console.log(`\n== ${label} ==`)
  const baseline = await start('src/bench/bare-server.ts', {})
  const parley = await start('src/server.ts', { ...UNLIMITED, ALLOW_ANONYMOUS: 'true', ...env })
  try {
    await turns(parley.url, 4, await createConversations(parley.url, 40)) // warm-up: JIT, caches, PGlite buffers
    const rows = []
    for (const c of LEVELS) {
      const b = await bare(baseline.url, c)
      const pool = await createConversations(parley.url, 1000)
      await serviceEventLoop(parley.url)
      const t = await turns(parley.url, c, pool)
      const loop = await serviceEventLoop(parley.url)
      rows.push({ c, b, t })
      console.log(`conc ${String(c).padStart(3)}  bare  ${fmt(b)}`)
      console.log(`          turn  ${fmt(t)}  errors ${t.errors} non2xx ${t.non2xx}`)
      console.log(`          turn/bare throughput ${(t.rps / b.rps * 100).toFixed(1)}%   p95 ratio x${(t.p95 / Math.max(b.p95, 0.01)).toFixed(1)}   outcomes ${JSON.stringify(t.routes)}`)
      console.log(`          ${formatEventLoop(loop)}`)
    }
    return rows
  } finally {
    await Promise.all([stop(baseline), stop(parley)])
  }
}

const dir = await mkdtemp(join(tmpdir(), 'parley-bench-'))
try {
  console.log(`bench: ${DURATION}s per measurement, concurrency ${LEVELS.join(', ')}, provider local, node ${process.version}`)
  await benchDatabase('embedded PGlite (DATA_DIR on disk)', { DATA_DIR: dir, DATABASE_URL: '' })
  if (process.env.DATABASE_URL) {
    await benchDatabase('PostgreSQL', { DATABASE_URL: process.env.DATABASE_URL })
    if (WORKERS > 1) await benchDatabase(`PostgreSQL, ${WORKERS} server processes (WORKERS=${WORKERS}; event loop figures are one process's)`, { DATABASE_URL: process.env.DATABASE_URL, WORKERS: String(WORKERS) })
  }
  console.log('\nhandoff queue under 50 agents: npm run bench:queue')
} finally {
  await rm(dir, { recursive: true, force: true })
}

/**
 * `npm run bench:cpu [-- --turns 600 --concurrency 4 --profile FILE]`: the CPU time this process spends
 * per chat turn, through the whole app in-process (no sockets, no load generator competing for the
 * cores), on PGlite in memory or, when DATABASE_URL is set, on PostgreSQL (then Node's share only).
 * CPU time moves much less than wall time when other work shares the machine. Same questions and
 * conversation shape as `npm run bench`. `--profile FILE` writes a V8 CPU profile of the measured turns.
 */
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { createApp } from '../app.js'
import { loadConfig } from '../config.js'
import { buildDeps } from '../runtime.js'
import { answerableQuestions, flag } from './harness.js'

const TURNS = Number(flag('turns', '600'))
const CONCURRENCY = Number(flag('concurrency', '4'))
const QUESTIONS = answerableQuestions().map((q) => q.text)
const PROFILE = flag('profile', '')

// As `npm run bench` runs the server: rate limits raised out of the way but still in the path.
const UNLIMITED = { RATE_LIMIT_KEY_PER_MINUTE: '10000000', RATE_LIMIT_KEY_BURST: '1000000', RATE_LIMIT_CUSTOMER_PER_MINUTE: '10000000', RATE_LIMIT_CUSTOMER_BURST: '1000000' }
const config = loadConfig({ ...process.env, ...UNLIMITED, MEMORY_DB: 'true', LOG_LEVEL: 'warn', ALLOW_ANONYMOUS: 'true' })
const deps = await buildDeps(config)
const app = createApp(deps)

async function conversation(customer: string): Promise<string> {
  const res = await app.request('/v1/conversations', { method: 'POST', headers: { 'x-customer-id': customer } })
  return ((await res.json()) as { id: string }).id
}

/** `turns` turns over `CONCURRENCY` workers, each playing conversations of three questions. */
async function drive(turns: number, offset: number): Promise<void> {
  let started = 0
  const worker = async (w: number) => {
    for (let conv = 0; started < turns; conv++) {
      const i = offset + w * 10_000 + conv
      const customer = `cpu-${i}`
      const id = await conversation(customer)
      for (let step = 0; step < 3 && started < turns; step++, started++) {
        const res = await app.request(`/v1/conversations/${id}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-customer-id': customer },
          body: JSON.stringify({ text: QUESTIONS[(3 * i + step) % QUESTIONS.length] }),
        })
        if (res.status !== 200) throw new Error(`turn: ${res.status} ${await res.text()}`)
        await res.text()
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)))
}

await drive(Math.min(200, TURNS), 1_000_000) // warm-up: JIT, caches
const profiler = PROFILE ? new Session() : null
if (profiler) {
  profiler.connect()
  await profiler.post('Profiler.enable')
  await profiler.post('Profiler.start')
}
const cpu = process.cpuUsage()
const wall = performance.now()
await drive(TURNS, 0)
const used = process.cpuUsage(cpu)
if (profiler) await writeFile(PROFILE, JSON.stringify((await profiler.post('Profiler.stop')).profile))
const ms = (us: number) => (us / 1000 / TURNS).toFixed(2)
console.log(`${deps.database.driver}: ${TURNS} turns, concurrency ${CONCURRENCY}: CPU per turn ${ms(used.user + used.system)} ms (user ${ms(used.user)}, system ${ms(used.system)}), wall per turn ${((performance.now() - wall) / TURNS).toFixed(2)} ms`)
await deps.database.close()

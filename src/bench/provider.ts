/**
 * `npm run bench:provider [-- --turns 60 --concurrency 1,20]`: what the service adds to a model
 * provider's own time. The provider is an OpenAI-compatible stand-in on loopback that answers at
 * a model's pace (first token after 200 ms, then a delta every 10 ms; embeddings in 40 ms) and
 * notes when each request came, each delta left and the response ended, on this process's clock.
 * Parley runs as a child process with PROVIDER=openai; each question carries a unique tag, so every
 * provider request is tied to its turn. Per turn (SSE requests, as the widget sends them):
 *   provider time = time during which at least one of the turn's provider requests was in flight;
 *   added = turn latency - provider time (targets: p95 under 50 ms);
 *   first text = first `delta` event at the client - the provider's delta that ended the first
 *   sentence (the output check releases whole checked sentences; target: under 50 ms), and also
 *   measured from the provider's first delta, which includes waiting for that sentence to end.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embedText } from '../models/local/embedder.js'
import { startFakeOpenAI, type ChatRequest, type Exchange } from '../../test/support/fake-openai.js'
import { answerableQuestions, flag, formatEventLoop, latencyStats, serviceEventLoop, startServer, stopServer } from './harness.js'

const TURNS = Number(flag('turns', '60'))
const LEVELS = flag('concurrency', '1,20').split(',').map(Number)
const PACE = { firstTokenMs: 200, tokenMs: 10, embedMs: 40 }
/** The model answers in the question's language (the answer prompt is in it), as the service requires. */
const ANSWER = {
  en: 'Here is what our help center says about this [1]. Follow the steps in that article, and write again if anything is unclear [1].',
  zh: '帮助中心的这篇文章说明了这个问题[1]。请按文章中的步骤操作，如有不清楚的地方请再联系我们[1]。',
}
const promptIsChinese = (req: ChatRequest) => /\p{Script=Han}/u.test(String(req.messages[0]?.content ?? ''))
const QUESTIONS = answerableQuestions()

const exchanges: Exchange[] = []
/** The tag of the turn a provider request belongs to. */
const tagOf = (body: unknown) => /\(ref ([a-z]{8})\)/.exec(JSON.stringify(body))?.[1]
const intentOfTag = new Map<string, string>()

const callName = (req: ChatRequest) => req.response_format?.json_schema?.name ?? req.tools?.[0]?.function.name ?? 'answer'
const provider = await startFakeOpenAI({
  pace: PACE,
  embed: (text, dim) => embedText(text, dim),
  onExchange: (e) => exchanges.push(e),
  chat: (req) => {
    const name = callName(req)
    if (name === 'rate_sentiment') return { json: { label: 'neutral', score: 0 } }
    // A well-behaved model: the intent the suite expects for the question.
    if (name === 'classify_intent') return { json: { intent: intentOfTag.get(tagOf(req) ?? '') ?? 'unknown', confidence: 0.9, alternatives: [] } }
    return promptIsChinese(req) ? ANSWER.zh : ANSWER.en
  },
})

interface TurnTiming {
  tag: string
  startedAt: number
  firstDeltaAt: number | null
  endedAt: number
  status: number
}

/** One conversation, one question, read as server-sent events. */
async function turn(url: string, i: number): Promise<TurnTiming> {
  const tag = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')
  const q = QUESTIONS[i % QUESTIONS.length]
  intentOfTag.set(tag, q.intent)
  const customer = { 'x-customer-id': `bench-${tag}` }
  const created = await fetch(`${url}/v1/conversations`, { method: 'POST', headers: customer })
  const { id } = (await created.json()) as { id: string }
  const startedAt = performance.now()
  const res = await fetch(`${url}/v1/conversations/${id}/messages`, {
    method: 'POST',
    headers: { ...customer, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ text: `${q.text} (ref ${tag})` }),
  })
  let firstDeltaAt: number | null = null
  let seen = ''
  const decoder = new TextDecoder()
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    seen += decoder.decode(chunk, { stream: true })
    if (firstDeltaAt === null && seen.includes('event: delta')) firstDeltaAt = performance.now()
  }
  return { tag, startedAt, firstDeltaAt, endedAt: performance.now(), status: res.status }
}

/** Length of the union of intervals. */
function covered(intervals: Array<[number, number]>): number {
  let total = 0
  let end = -Infinity
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue
    total += b - Math.max(a, end)
    end = b
  }
  return total
}

const SENTENCE_END = /[.!?。！？]/
const row = (label: string, xs: number[]) => {
  const { p50, p95 } = latencyStats(xs)
  return `  ${label.padEnd(52)} p50 ${(p50 ?? NaN).toFixed(1).padStart(7)} ms   p95 ${(p95 ?? NaN).toFixed(1).padStart(7)} ms   (n=${xs.length})`
}

async function measure(url: string, concurrency: number) {
  exchanges.length = 0
  // The stand-in and the client share this process: its event-loop delay says how much of the
  // "added" time could be the bench's own doing rather than the service's.
  const benchDelay = monitorEventLoopDelay({ resolution: 5 })
  benchDelay.enable()
  await serviceEventLoop(url)
  const timings: TurnTiming[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < TURNS) timings.push(await turn(url, next++))
    }),
  )
  const byTag = new Map<string, Exchange[]>()
  for (const e of exchanges) {
    const tag = tagOf(e.body)
    if (tag) byTag.set(tag, [...(byTag.get(tag) ?? []), e])
  }
  const total: number[] = []
  const providerTime: number[] = []
  const added: number[] = []
  const afterSentence: number[] = []
  const afterFirstToken: number[] = []
  for (const t of timings.filter((x) => x.status === 200)) {
    const own = byTag.get(t.tag) ?? []
    const busy = covered(own.map((e) => [e.receivedAt, e.endAt]))
    total.push(t.endedAt - t.startedAt)
    providerTime.push(busy)
    added.push(t.endedAt - t.startedAt - busy)
    const answer = own.find((e) => e.deltas.length > 0)
    if (!answer || t.firstDeltaAt === null) continue
    let text = ''
    const ended = answer.deltas.find((d) => SENTENCE_END.test((text += d.text)))
    if (ended) afterSentence.push(t.firstDeltaAt - ended.at)
    afterFirstToken.push(t.firstDeltaAt - answer.deltas[0].at)
  }
  console.log(`\nconcurrency ${concurrency}: ${timings.length} turns, ${timings.filter((x) => x.status !== 200).length} not 200, ${afterFirstToken.length} streamed by the provider`)
  benchDelay.disable()
  const serviceDelay = await serviceEventLoop(url)
  const ms = (ns: number) => (ns / 1e6).toFixed(1)
  console.log(`  bench process event-loop delay (5 ms resolution): p50 ${ms(benchDelay.percentile(50))} ms, p95 ${ms(benchDelay.percentile(95))} ms, max ${ms(benchDelay.max)} ms`)
  console.log(`  ${formatEventLoop(serviceDelay)}`)
  console.log(row('turn latency (client)', total))
  console.log(row("provider's own time (its requests in flight)", providerTime))
  console.log(row('added by the service (latency - provider time)', added))
  console.log(row('first text after the provider ended sentence 1', afterSentence))
  console.log(row("first text after the provider's first delta", afterFirstToken))
}

const dir = await mkdtemp(join(tmpdir(), 'parley-bench-provider-'))
const parley = await startServer('src/server.ts', {
  DATA_DIR: dir,
  DATABASE_URL: process.env.DATABASE_URL ?? '',
  ALLOW_ANONYMOUS: 'true',
  PROVIDER: 'openai',
  OPENAI_API_KEY: 'sk-bench',
  OPENAI_BASE_URL: provider.url,
  RATE_LIMIT_ENABLED: 'false',
})
try {
  console.log(`bench:provider: stand-in model ${JSON.stringify(PACE)}, ${TURNS} turns per level, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}`)
  await measure(parley.url, 1) // warm-up: JIT, caches, the local fallback models
  for (const c of LEVELS) await measure(parley.url, c)
} finally {
  await stopServer(parley)
  await provider.close()
  await rm(dir, { recursive: true, force: true })
}

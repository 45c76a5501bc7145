/**
 * Provider faults during a turn, against the fake OpenAI server: timeouts, 5xx, 429 and
 * malformed output are retried within TURN_BUDGET_MS, then the turn falls back to the local
 * models (answering from retrieval alone when that is confident) or hands off with
 * `provider_failure`. The customer always gets a 200 and the turn is stored whole.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { loadConfig } from '../../src/config.js'
import { buildDeps } from '../../src/runtime.js'
import { createApp } from '../../src/app.js'
import { turns } from '../../src/db/schema/index.js'
import { embedText } from '../../src/models/local/embedder.js'
import type { AppDeps } from '../../src/deps.js'
import { openTestDatabase, type TestDatabase } from '../support/db.js'
import { startFakeOpenAI, type ChatHandler, type ChatRequest, type FakeOpenAI } from '../support/fake-openai.js'

const PROVIDER_ANSWER = 'Use the reset link in the email we send you [1].'
const callName = (req: ChatRequest) => req.response_format?.json_schema?.name ?? req.tools?.[0]?.function.name ?? 'answer'
const healthy: ChatHandler = (req) => {
  const name = callName(req)
  if (name === 'rate_sentiment') return { json: { label: 'neutral', score: 0 } }
  if (name === 'classify_intent') return { json: { intent: 'login_problem', confidence: 0.9, alternatives: [] } }
  return PROVIDER_ANSWER
}

interface Reply {
  intent: { name: string }
  message: string | null
  citations: Array<{ snippet: string }>
  route: 'answer' | 'handoff'
  handoff?: { reason: string }
  message_id: string
}

describe('provider faults during a turn', () => {
  let fake: FakeOpenAI
  let database: TestDatabase
  let deps: AppDeps
  let app: ReturnType<typeof createApp>
  const background: Array<Promise<unknown>> = []

  beforeAll(async () => {
    fake = await startFakeOpenAI({ chat: healthy, embed: (text, dim) => embedText(text, dim) })
    database = await openTestDatabase('pglite')
    const config = loadConfig({
      PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.url,
      // Retries are the turn's job here, so they stay inside its budget.
      PROVIDER_MAX_RETRIES: '0',
      PROVIDER_TIMEOUT_MS: '1000',
      TURN_BUDGET_MS: '2000',
      TURN_RETRY_BASE_MS: '10',
      RATE_LIMIT_ENABLED: 'false',
      HANDOFF_SUMMARY_TIMEOUT_MS: '1000',
    })
    deps = await buildDeps(config, { database })
    // A handoff's summary is asked for after the reply: each test waits for its own, so none reaches the next test's fake.
    deps.background = (work) => void background.push(work)
    app = createApp(deps)
    // The local intent fallback trains in the background after start; until it is ready a failing
    // intent provider yields `unknown`. Wait for it, so each test sees the steady state.
    fake.setChatHandler(() => {
      throw new Error('down')
    })
    for (let i = 0; i < 50 && (await ask('hello')).reply.intent.name === 'unknown'; i++) await new Promise((r) => setTimeout(r, 200))
  })
  afterEach(async () => {
    await Promise.all(background.splice(0))
  })
  afterAll(async () => {
    await Promise.all(background.splice(0))
    await database?.dispose()
    await fake?.close()
  })
  beforeEach(() => {
    fake.setFault(null)
    fake.setChatHandler(healthy)
    fake.requests.length = 0
  })

  async function ask(text: string): Promise<{ status: number; reply: Reply; reasons: string[] }> {
    const conv = (await (await app.request('/v1/conversations', { method: 'POST' })).json()) as { id: string }
    const res = await app.request(`/v1/conversations/${conv.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    })
    const reply = (await res.json()) as Reply
    const [turn] = await deps.db.select().from(turns).where(eq(turns.customerMessageId, reply.message_id ?? ''))
    return { status: res.status, reply, reasons: turn?.routeReasons ?? [] }
  }
  const chatCalls = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').length
  const answerable = 'How do I reset my password?'
  // Shares no word with the knowledge base: the local fallback cannot be confident about it.
  const unanswerable = 'Qwzx vlorp snarfle glimbo?'

  it('healthy provider: the model answers', async () => {
    const { status, reply } = await ask(answerable)
    expect(status).toBe(200)
    expect(reply.route).toBe('answer')
    expect(reply.message).toContain('reset link in the email')
  })

  it('the model endpoint gets the message with its PII masked, as it is stored', async () => {
    await ask('my card 4111 1111 1111 1111 was charged twice, write to jane.roe@example.com. How do I reset my password?')
    const sent = JSON.stringify(fake.requests.map((r) => r.body))
    expect(fake.requests.length).toBeGreaterThan(0)
    expect(sent).not.toMatch(/4111 1111 1111 1111|jane\.roe@example\.com/)
  })

  it('a transient 500 is retried and the model still answers', async () => {
    fake.setFault({ kind: 'status', status: 500, times: 2 })
    const { status, reply } = await ask(answerable)
    expect(status).toBe(200)
    expect(reply.message).toContain('reset link in the email')
    expect(chatCalls()).toBeGreaterThanOrEqual(4) // sentiment, intent (one retried each or one twice), answer
  })

  it.each<[string, ChatHandler]>([
    ['chat always fails with 500', () => {
      throw new Error('boom')
    }],
    ['chat hangs past the budget', async () => {
      await new Promise((r) => setTimeout(r, 10_000))
      return 'too late'
    }],
  ])('%s: sentiment and intent fall back to local models, the answer comes from retrieval alone', async (_, handler) => {
    fake.setChatHandler(handler)
    const { status, reply, reasons } = await ask(answerable)
    expect(status).toBe(200)
    expect(reply.route).toBe('answer')
    // The local extractive answerer quotes the passages it cites.
    expect(reply.citations.map((c) => c.snippet).join(' ')).toContain(reply.message!.slice(0, 30))
    expect(reply.message).not.toContain('reset link in the email')
    expect(reasons).not.toContain('provider_failure')
  })

  it('each fallback is counted for operators in /metrics, by stage', async () => {
    const fallbacks = async (stage: string) => {
      const text = await (await app.request('/metrics')).text()
      return Number(new RegExp(`^parley_provider_fallbacks_total\\{stage="${stage}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0)
    }
    const before = await fallbacks('sentiment')
    fake.setChatHandler(() => {
      throw new Error('boom')
    })
    await ask(answerable)
    expect(await fallbacks('sentiment')).toBe(before + 1)
    expect(await fallbacks('answer')).toBeGreaterThanOrEqual(1)
  })

  it('malformed structured output (sentiment, intent) falls back to the local models; the model still answers', async () => {
    fake.setChatHandler((req) => (callName(req) === 'answer' ? PROVIDER_ANSWER : 'this is not json {'))
    const { status, reply } = await ask(answerable)
    expect(status).toBe(200)
    expect(reply.route).toBe('answer')
    expect(reply.message).toContain('reset link in the email')
    expect(reply.intent.name).toBe('login_problem') // from the local classifier: the fake's JSON never parsed
    expect(chatCalls()).toBe(2 * 3 + 1) // sentiment and intent: 1 + 2 retries each; one answer
  })

  it('chat fails and retrieval is not confident: hand off with provider_failure', async () => {
    fake.setChatHandler(() => {
      throw new Error('boom')
    })
    const { status, reply, reasons } = await ask(unanswerable)
    expect(status).toBe(200)
    expect(reply.route).toBe('handoff')
    expect(reasons).toContain('provider_failure')
    expect(chatCalls()).toBeGreaterThanOrEqual(6) // each failing call was retried
  })

  it('a streamed answer cut off midway keeps its unfinished sentence from the customer', async () => {
    // Figures from the password article, so the grounding check has nothing to stop.
    const full = 'The reset link in the email is valid for 30 minutes [1]. You can ask for a new email after 60 seconds, and only the latest link works [1].'
    fake.setChatHandler((req) => (callName(req) === 'answer' ? full : healthy(req)))
    // The stream sends half its chunks and ends without a finish_reason: "…You can ask for a new".
    fake.setFault({ kind: 'truncate' })
    const conv = (await (await app.request('/v1/conversations', { method: 'POST' })).json()) as { id: string }
    const res = await app.request(`/v1/conversations/${conv.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ text: answerable }),
    })
    const events = (await res.text()).split('\n\n').filter(Boolean).map((block) => ({
      event: /event: (.+)/.exec(block)?.[1],
      data: JSON.parse(/data: (.+)/.exec(block)?.[1] ?? 'null'),
    }))
    const streamed = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('').trim()
    // What was released before the cut is whole sentences; the half sentence after them never is.
    expect(streamed).toMatch(/^The reset link in the email is valid for 30 minutes/)
    expect(streamed).toMatch(/[.!?]$/)
    expect(events.at(-1)?.event).toBe('reply')
  })

  it.each([
    ['429 on every call', { kind: 'status', status: 429 } as const],
    ['500 on every call', { kind: 'status', status: 503 } as const],
    ['malformed JSON on every call', { kind: 'malformed' } as const],
    ['every call times out', { kind: 'delay', ms: 10_000 } as const],
  ])('%s (embeddings too): no 5xx, hand off with provider_failure', async (_, fault) => {
    fake.setFault(fault)
    const { status, reply } = await ask(answerable)
    expect(status).toBe(200)
    expect(reply.route).toBe('handoff')
    expect(reply.handoff?.reason).toBe('provider_failure')
    expect(reply.message).toBeTruthy() // the customer is told a person will reply
  })
})

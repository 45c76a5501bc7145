/**
 * The model's handoff note (PROVIDER=openai), against the loopback OpenAI-compatible server:
 * asked for after the turn that handed off has committed, from the stored PII-masked transcript;
 * it replaces the extractive summary and the console hears of it; it is written again when the
 * customer adds to a waiting handoff, once they pause; a failure or timeout keeps the
 * extractive summary and counts as a provider fallback; it never lands on an erased or closed handoff.
 * The local provider has no such note.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { AppDeps } from '../../src/deps.js'
import type { AppEvent } from '../../src/events/bus.js'
import { embedText } from '../../src/models/local/embedder.js'
import { buildDeps } from '../../src/runtime.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'
import { startFakeOpenAI, type ChatHandler, type ChatRequest, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai.js'

const NOTE = '- The customer was charged twice and wants a person to sort out the refund.'
const ADMIN = { authorization: 'Bearer st_demo_admin' }
const CARD = '4111 1111 1111 1111'
const EMAIL = 'jane.roe@example.com'

const callName = (req: ChatRequest) => req.response_format?.json_schema?.name ?? req.tools?.[0]?.function.name ?? 'answer'
const isSummary = (body: ChatRequest) => /hand-off note|交接说明/.test(JSON.stringify(body.messages?.[0]?.content ?? ''))

/** A promise the test resolves when it chooses: holds the model's note back while the test looks. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe.each(DRIVERS)('the model’s handoff summary (openai, %s)', (driver) => {
  let fake: FakeOpenAI
  let database: TestDatabase
  let deps: AppDeps
  let app: ReturnType<typeof createApp>
  let summary: ChatHandler
  const background: Array<Promise<unknown>> = []
  const events: AppEvent[] = []
  const logs: Array<Record<string, any>> = []

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      embed: (text, dim) => embedText(text, dim),
      chat: (req) => {
        if (isSummary(req)) return summary(req)
        const name = callName(req)
        if (name === 'rate_sentiment') return { json: { label: 'neutral', score: 0 } }
        if (name === 'classify_intent') return { json: { intent: 'login_problem', confidence: 0.9, alternatives: [] } }
        return 'Use the reset link in the email we send you [1].'
      },
    })
    database = await openTestDatabase(driver)
    const config = loadConfig({
      MEMORY_DB: 'true',
      PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.url,
      PROVIDER_MAX_RETRIES: '0',
      RATE_LIMIT_ENABLED: 'false',
      // Generous, so a loaded machine neither fails the turn's model calls nor times a held note out
      // before the test opens it; the slow-model case shortens the note's timeout for itself.
      TURN_BUDGET_MS: '30000',
      HANDOFF_SUMMARY_TIMEOUT_MS: '30000',
    })
    deps = await buildDeps(config, { database })
    // The test waits for the background work itself (Node would let it run on its own).
    deps.background = (work) => void background.push(work)
    deps.events.subscribe((e) => events.push(e))
    app = createApp(deps, { log: (line) => logs.push(JSON.parse(line)) })
  })
  afterAll(async () => {
    await Promise.all(background.splice(0))
    await database?.dispose()
    await fake?.close()
  })
  beforeEach(() => {
    summary = () => NOTE
    fake.requests.length = 0
    events.length = 0
  })
  afterEach(async () => {
    await Promise.all(background.splice(0))
  })

  const settle = () => Promise.all(background.splice(0))
  const handoff = async (id: string) => (await call(app, 'GET', `/v1/agent/handoffs/${id}`, undefined, ADMIN)).body
  const summaryRequests = (): RecordedRequest[] => fake.requests.filter((r) => r.path === '/v1/chat/completions' && isSummary(r.body))

  async function handOff(texts: string[], customer = `cust-${crypto.randomUUID()}`) {
    const who = { 'x-customer-id': customer }
    const conversation = await call(app, 'POST', '/v1/conversations', {}, who)
    let reply
    for (const text of texts) reply = await call(app, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text }, who)
    expect(reply!.body.route).toBe('handoff')
    return { handoffId: reply!.body.handoff.id as string, customer }
  }

  it('replaces the extractive summary after the reply, and the console hears of it', async () => {
    const held = gate()
    summary = async () => {
      await held.opened
      return NOTE
    }
    const { handoffId } = await handOff(['I was charged twice, I want to talk to a person'])
    // The customer has the reply while the model's note is held back.
    expect(await handoff(handoffId)).toMatchObject({ summary: expect.stringContaining('Customer wrote 1 message(s)'), summary_source: 'extractive' })

    held.open()
    await settle()
    expect(summaryRequests()).toHaveLength(1)
    expect(await handoff(handoffId)).toMatchObject({ summary: NOTE, summary_source: 'model', packet: { summary: NOTE, summarySource: 'model' } })
    const updated = events.find((e) => e.type === 'handoff.updated')
    expect(updated?.data).toMatchObject({ handoff: { id: handoffId, summary_source: 'model' }, changed: ['summary'] })
  })

  it('sends the model the transcript as stored, PII masked', async () => {
    await handOff(['How do I reset my password?', `I want to talk to a person, my card ${CARD} was charged twice, write to ${EMAIL}`])
    await settle()
    const [request] = summaryRequests()
    const sent = JSON.stringify(request.body)
    expect(sent).toContain('reset my password')
    expect(sent).toContain('charged twice')
    expect(sent).toContain('Use the reset link') // the bot's reply is part of it
    expect(sent).not.toContain(CARD)
    expect(sent).not.toContain(EMAIL)
  })

  it.each<[string, () => ChatHandler, string]>([
    ['the model fails', () => () => {
      throw new Error('boom')
    }, 'server'],
    ['the model is too slow', () => async () => {
      await new Promise((resolve) => setTimeout(resolve, 5_000))
      return NOTE
    }, 'timeout'],
  ])('%s: the extractive summary stays, counted as a provider fallback', async (_, handler, kind) => {
    summary = handler()
    deps.config.HANDOFF_SUMMARY_TIMEOUT_MS = 300
    onTestFinished(() => void (deps.config.HANDOFF_SUMMARY_TIMEOUT_MS = 30_000))
    const fallbacks = async () => Number(/^parley_provider_fallbacks_total\{stage="handoff_summary"\} (\d+)/m.exec(await (await app.request('/metrics')).text())?.[1] ?? 0)
    const before = await fallbacks()
    const { handoffId } = await handOff(['I want to talk to a person about my refund'])
    await settle()

    expect(await handoff(handoffId)).toMatchObject({ summary: expect.stringContaining('Customer wrote 1 message(s)'), summary_source: 'extractive' })
    expect(events.some((e) => e.type === 'handoff.updated')).toBe(false)
    expect(await fallbacks()).toBe(before + 1)
    expect(logs.filter((l) => l.msg === 'provider fallback').at(-1)).toMatchObject({ level: 'warn', stage: 'handoff_summary' })
    const health = await call(app, 'GET', '/healthz')
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ status: 'degraded', provider: { name: 'openai', status: 'degraded', last_failure: { stage: 'handoff_summary', kind } } })
  })

  /** The customer writes while the handoff waits for a person; the reply says so. */
  async function writeWhileWaiting(customer: string, handoffId: string, text: string) {
    const conversation = (await handoff(handoffId)).conversation_id
    const reply = await call(app, 'POST', `/v1/conversations/${conversation}/messages`, { text }, { 'x-customer-id': customer })
    expect(reply.body.handoff).toMatchObject({ id: handoffId, reason: 'awaiting_human' })
  }
  const quiet = (ms: number) => {
    deps.config.HANDOFF_SUMMARY_QUIET_MS = ms
    onTestFinished(() => void (deps.config.HANDOFF_SUMMARY_QUIET_MS = 5_000))
  }

  it('writes the note again once the customer pauses while the handoff waits: one call for a burst', async () => {
    // Long enough that both messages are in before the first one's pause is over, however loaded the machine.
    quiet(3_000)
    const { handoffId, customer } = await handOff(['I want to talk to a person'])
    await settle()
    expect(summaryRequests()).toHaveLength(1)

    summary = () => 'The customer was charged twice for LH-US-20481736.'
    await writeWhileWaiting(customer, handoffId, 'My order is LH-US-20481736')
    await writeWhileWaiting(customer, handoffId, 'and I was charged twice for it')
    await settle()

    expect(summaryRequests()).toHaveLength(2)
    const sent = JSON.stringify(summaryRequests()[1].body)
    expect(sent).toContain('LH-US-20481736')
    expect(sent).toContain('charged twice for it')
    expect(await handoff(handoffId)).toMatchObject({ summary: 'The customer was charged twice for LH-US-20481736.', summary_source: 'model' })
    expect(events.filter((e) => e.type === 'handoff.updated')).toHaveLength(2)
  })

  it('leaves the note alone once a person has claimed the handoff', async () => {
    quiet(0)
    const { handoffId, customer } = await handOff(['I want to talk to a person'])
    await settle()
    expect((await call(app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, ADMIN)).status).toBe(200)
    await writeWhileWaiting(customer, handoffId, 'Are you there?')
    await settle()
    expect(summaryRequests()).toHaveLength(1)
  })

  it('never replaces a note with one asked for before a later message', async () => {
    quiet(0)
    const held = gate()
    let calls = 0
    summary = async () => {
      if (++calls > 1) return 'After the second message.'
      await held.opened
      return NOTE
    }
    const { handoffId, customer } = await handOff(['I want to talk to a person'])
    await writeWhileWaiting(customer, handoffId, 'It is about a double charge')
    // The later note lands first; the first one, let through after it, must not overwrite it.
    await background[1]
    expect(await handoff(handoffId)).toMatchObject({ summary: 'After the second message.' })
    held.open()
    await settle()
    expect(await handoff(handoffId)).toMatchObject({ summary: 'After the second message.', summary_source: 'model' })
    expect(events.filter((e) => e.type === 'handoff.updated')).toHaveLength(1)
  })

  it('does not ask a provider that just failed the turn', async () => {
    fake.setFault({ kind: 'status', status: 503 })
    try {
      const conversation = await call(app, 'POST', '/v1/conversations', {})
      const reply = await call(app, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text: 'How do I reset my password?' })
      expect(reply.body.handoff).toMatchObject({ reason: 'provider_failure' })
      expect(background).toHaveLength(0)
    } finally {
      fake.setFault(null)
    }
  })

  it('never writes into a handoff whose customer was erased meanwhile', async () => {
    const held = gate()
    summary = async () => {
      await held.opened
      return NOTE
    }
    const { handoffId, customer } = await handOff(['I want to talk to a person'])
    expect((await call(app, 'POST', `/v1/privacy/customers/visitor:${customer}/erase`, undefined, ADMIN)).status).toBe(200)
    held.open()
    await settle()

    const after = await handoff(handoffId)
    expect(after).toMatchObject({ state: 'returned', summary: null, summary_source: null })
    expect(JSON.stringify(after)).not.toContain(NOTE)
    expect(events.some((e) => e.type === 'handoff.updated')).toBe(false)
  })

  it('leaves a handoff an agent closed meanwhile as it was', async () => {
    const held = gate()
    summary = async () => {
      await held.opened
      return NOTE
    }
    const { handoffId } = await handOff(['I want to talk to a person'])
    expect((await call(app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, ADMIN)).status).toBe(200)
    expect((await call(app, 'POST', `/v1/agent/handoffs/${handoffId}/resolve`, undefined, ADMIN)).status).toBe(200)
    held.open()
    await settle()

    expect(await handoff(handoffId)).toMatchObject({ state: 'resolved', summary_source: 'extractive' })
  })
})

describe('the local provider', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('pglite')
  })
  afterAll(() => t?.close())

  it('has no model summary: a handoff keeps the extractive one and nothing runs after the reply', async () => {
    expect(t.deps.handoffSummarizer).toBeUndefined()
    const later: Array<Promise<unknown>> = []
    const app = createApp({ ...t.deps, background: (work) => void later.push(work) })
    const conversation = await call(app, 'POST', '/v1/conversations', {})
    const reply = await call(app, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text: 'I want to talk to a person' })
    expect(reply.body.route).toBe('handoff')
    const handoff = await call(app, 'GET', `/v1/agent/handoffs/${reply.body.handoff.id}`, undefined, ADMIN)
    expect(handoff.body).toMatchObject({ summary: expect.stringContaining('Customer wrote 1 message(s)'), summary_source: 'extractive', packet: { summarySource: 'extractive' } })
    expect(later).toHaveLength(0)
  })
})

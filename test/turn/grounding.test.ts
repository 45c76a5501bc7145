/**
 * A model answer that invents a figure, against the fake OpenAI server: the customer gets no text
 * of the sentence that states it, and the conversation goes to a person with `unsupported_figure`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { loadConfig } from '../../src/config.js'
import { buildDeps } from '../../src/runtime.js'
import { createApp } from '../../src/app.js'
import { conversations, messages, turns } from '../../src/db/schema/index.js'
import { embedText } from '../../src/models/local/embedder.js'
import type { AppDeps } from '../../src/deps.js'
import { openTestDatabase, type TestDatabase } from '../support/db.js'
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../support/fake-openai.js'

const QUESTION = 'How do I reset my password?'
const FIRST = 'Click Forgot password? on the sign-in screen and follow the link in the email [1].'
// The help-center article says the link is valid for 30 minutes.
const FAITHFUL = `${FIRST} The link is valid for 30 minutes [1].`
const INVENTED = `${FIRST} The link is valid for 48 hours [1].`

interface Reply {
  message: string | null
  message_id: string
  route: 'answer' | 'handoff'
  handoff?: { reason: string }
}

describe('an answer with a figure its passages do not state (PROVIDER=openai)', () => {
  let fake: FakeOpenAI
  let database: TestDatabase
  let deps: AppDeps
  let app: ReturnType<typeof createApp>
  let modelAnswer = FAITHFUL

  beforeAll(async () => {
    const callName = (req: ChatRequest) => req.response_format?.json_schema?.name ?? req.tools?.[0]?.function.name ?? 'answer'
    fake = await startFakeOpenAI({
      embed: (text, dim) => embedText(text, dim),
      chat: (req) => {
        const name = callName(req)
        if (name === 'rate_sentiment') return { json: { label: 'neutral', score: 0 } }
        if (name === 'classify_intent') return { json: { intent: 'login_problem', confidence: 0.9, alternatives: [] } }
        return modelAnswer
      },
    })
    database = await openTestDatabase('pglite')
    // A loaded machine must not turn the model's answer into a provider failure: the budget is not what is tested.
    const config = loadConfig({ PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'silent', TURN_BUDGET_MS: '30000' })
    deps = await buildDeps(config, { database })
    // The handoff note is asked for after the turn; the fake answers it, nothing here waits for it.
    deps.background = () => {}
    app = createApp(deps)
  })
  afterAll(async () => {
    await database?.dispose()
    await fake?.close()
  })

  async function ask(answer: string, stream: boolean, conversationId?: string) {
    modelAnswer = answer
    const id = conversationId ?? ((await (await app.request('/v1/conversations', { method: 'POST' })).json()) as { id: string }).id
    const res = await app.request(`/v1/conversations/${id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(stream ? { accept: 'text/event-stream' } : {}) },
      body: JSON.stringify({ text: QUESTION }),
    })
    let reply: Reply
    let streamed = ''
    if (stream) {
      const events = (await res.text()).split('\n\n').filter(Boolean).map((block) => ({
        event: /event: (.+)/.exec(block)?.[1],
        data: JSON.parse(/data: (.+)/.exec(block)?.[1] ?? 'null'),
      }))
      streamed = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('')
      reply = events.find((e) => e.event === 'reply')!.data as Reply
    } else {
      reply = (await res.json()) as Reply
    }
    const [turn] = await deps.db.select().from(turns).where(eq(turns.customerMessageId, reply.message_id))
    return { reply, streamed, turn }
  }

  it('answers when the figure is the article’s own', async () => {
    const { reply } = await ask(FAITHFUL, false)
    expect(reply.route).toBe('answer')
    expect(reply.message).toContain('30 minutes')
  })

  it('withholds the whole reply and hands off with the reason named', async () => {
    const { reply, turn } = await ask(INVENTED, false)
    expect(reply.route).toBe('handoff')
    expect(reply.handoff?.reason).toBe('unsupported_figure')
    expect(reply.message).not.toContain('48')
    expect(reply.message).not.toContain('Forgot password')
    expect(turn.routeReasons).toContain('unsupported_figure')
    expect(turn.compliance).toContainEqual(expect.objectContaining({ stage: 'output', ruleId: 'grounding.unsupported_figure', action: 'block' }))
  })

  it('answers when the figure is one an agent already told the customer', async () => {
    const conv = (await (await app.request('/v1/conversations', { method: 'POST' })).json()) as { id: string }
    // An agent's earlier reply, as the answerer reads it in the history.
    await deps.db.insert(messages).values({ id: crypto.randomUUID(), tenantId: deps.config.DEFAULT_TENANT, conversationId: conv.id, seq: 1, role: 'agent', text: 'Your new link will be valid for 48 hours.' })
    await deps.db.update(conversations).set({ lastSeq: 1 }).where(eq(conversations.id, conv.id))
    const { reply } = await ask(INVENTED, false, conv.id)
    expect(reply.route).toBe('answer')
    expect(reply.message).toContain('48 hours')
  })

  it('streamed: releases the sentence before the invented figure and nothing of its own', async () => {
    const { reply, streamed } = await ask(INVENTED, true)
    expect(streamed.trim()).toBe(FIRST)
    expect(reply.route).toBe('handoff')
    expect(reply.handoff?.reason).toBe('unsupported_figure')
    expect(reply.message).not.toContain('48')
  })
})

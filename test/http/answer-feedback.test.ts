/**
 * "Was this helpful?" on the assistant's answers: PUT /v1/conversations/:id/messages/:messageId/feedback,
 * its refusals, export and erasure of the comment, and the votes in the KPI summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createStaff } from '../../src/auth/credentials.js'
import { answerFeedback } from '../../src/db/schema/index.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { dumpDatabase, email, keySpec, marker, SALT } from '../privacy/helpers.js'

const ENV = {
  RATE_LIMIT_ENABLED: 'false',
  PRIVACY_KEYS: keySpec('k1'),
  PRIVACY_HASH_SALT: SALT,
  ANALYTICS_CACHE_SECONDS: '0',
  CORS_ORIGINS: 'https://shop.example.com',
}

describe.each(DRIVERS)('answer feedback on %s', (driver) => {
  let t: TestApp
  let admin: string
  let agent: string
  let supervisor: string
  const as = (token: string) => ({ authorization: `Bearer ${token}` })
  const customer = (id: string) => ({ 'x-customer-id': id })
  const feedbackPath = (conversationId: string, messageId: string) => `/v1/conversations/${conversationId}/messages/${encodeURIComponent(messageId)}/feedback`
  const rate = (customerId: string, conversationId: string, messageId: string, body: unknown) =>
    call(t.app, 'PUT', feedbackPath(conversationId, messageId), body, customer(customerId))
  const rowsOf = (messageId: string) => t.deps.db.select().from(answerFeedback).where(eq(answerFeedback.messageId, messageId))

  /** A new conversation with one question answered by the bot: the customer's message id and the answer's. */
  async function answered(customerId: string, text = 'How do I return an item?') {
    const started = await call(t.app, 'POST', '/v1/conversations', { lang: 'en' }, customer(customerId))
    expect(started.status).toBe(201)
    const reply = await call(t.app, 'POST', `/v1/conversations/${started.body.id}/messages`, { text }, customer(customerId))
    expect(reply.status).toBe(200)
    expect(reply.body.route).toBe('answer')
    return { conversationId: started.body.id as string, questionId: reply.body.message_id as string, answerId: reply.body.reply_id as string }
  }

  let alice: Awaited<ReturnType<typeof answered>>

  beforeAll(async () => {
    t = await createTestApp(driver, ENV)
    admin = (await createStaff(t.deps.db, 'demo', 'Ada', 'admin')).token
    agent = (await createStaff(t.deps.db, 'demo', 'Al', 'agent')).token
    supervisor = (await createStaff(t.deps.db, 'demo', 'Sue', 'supervisor')).token
    alice = await answered('af-alice')
  })
  afterAll(async () => t?.close())

  it('a customer rates an answer, and a second vote replaces the first (one row, latest vote and comment)', async () => {
    const first = await rate('af-alice', alice.conversationId, alice.answerId, { helpful: true, comment: '  Clear steps, thanks ' })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ message_id: alice.answerId, helpful: true, comment: 'Clear steps, thanks' })
    const [before] = await rowsOf(alice.answerId)
    expect(before).toMatchObject({ tenantId: 'demo', conversationId: alice.conversationId, helpful: true, comment: 'Clear steps, thanks' })

    const second = await rate('af-alice', alice.conversationId, alice.answerId, { helpful: false })
    expect(second.status).toBe(200)
    expect(second.body).toEqual({ message_id: alice.answerId, helpful: false, comment: null })
    const rows = await rowsOf(alice.answerId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: before.id, helpful: false, comment: null })
    expect(rows[0].createdAt.getTime()).toBe(before.createdAt.getTime())
    expect(rows[0].updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime())

    const third = await rate('af-alice', alice.conversationId, alice.answerId, { helpful: false, comment: 'It did not cover my case' })
    expect(third.body).toEqual({ message_id: alice.answerId, helpful: false, comment: 'It did not cover my case' })
    expect(await rowsOf(alice.answerId)).toEqual([expect.objectContaining({ helpful: false, comment: 'It did not cover my case' })])
  })

  it("refuses another customer's conversation, unknown messages and another conversation's message (404)", async () => {
    const other = await answered('af-alice', 'How long does shipping take?')
    const cases: Array<[string, string, string]> = [
      ['af-mallory', alice.conversationId, alice.answerId],
      ['af-alice', alice.conversationId, 'no-such-message'],
      ['af-alice', 'no-such-conversation', alice.answerId],
      // The message exists, but in the customer's other conversation.
      ['af-alice', other.conversationId, alice.answerId],
    ]
    for (const [who, conversationId, messageId] of cases) {
      const res = await rate(who, conversationId, messageId, { helpful: true })
      expect([who, conversationId, messageId, res.status]).toEqual([who, conversationId, messageId, 404])
      expect(res.headers.get('content-type')).toContain('application/problem+json')
    }
    expect(await rowsOf(alice.answerId)).toEqual([expect.objectContaining({ helpful: false })])
    expect(await rowsOf(other.answerId)).toEqual([])
  })

  it("refuses the customer's own message, an agent's and a handoff notice with 422: only the assistant's answers can be rated", async () => {
    const own = await rate('af-alice', alice.conversationId, alice.questionId, { helpful: true })
    expect(own.status).toBe(422)
    expect(own.headers.get('content-type')).toContain('application/problem+json')
    expect(own.body.detail).toBe("Only the assistant's answers can be rated.")

    const started = await call(t.app, 'POST', '/v1/conversations', undefined, customer('af-hand'))
    const handed = await call(t.app, 'POST', `/v1/conversations/${started.body.id}/messages`, { text: 'I want to talk to a person' }, customer('af-hand'))
    expect(handed.body.route).toBe('handoff')
    const hid = handed.body.handoff.id as string
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${hid}/claim`, undefined, as(agent))).status).toBe(200)
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${hid}/reply`, { text: 'Hi, Al here.' }, as(agent))).status).toBe(201)
    const transcript = await call(t.app, 'GET', `/v1/conversations/${started.body.id}`, undefined, customer('af-hand'))
    const agentMessage = transcript.body.messages.find((m: { role: string }) => m.role === 'agent')
    const byAgent = await rate('af-hand', started.body.id, agentMessage.id, { helpful: true })
    expect(byAgent.status).toBe(422)
    expect(byAgent.body.detail).toBe("Only the assistant's answers can be rated.")
    // The assistant's handoff notice answered nothing either: its vote would count in the answers' KPIs.
    const notice = await rate('af-hand', started.body.id, handed.body.reply_id, { helpful: false })
    expect(notice.status).toBe(422)
    expect(await rowsOf(handed.body.reply_id)).toEqual([])
    expect(await rowsOf(alice.questionId)).toEqual([])
    expect(await rowsOf(agentMessage.id)).toEqual([])
  })

  it('checks the body (422 problem+json), refuses malformed JSON (400), staff tokens (403) and anonymous callers (404)', async () => {
    const bodies: unknown[] = [
      {},
      { helpful: 'yes' },
      { helpful: 1 },
      { helpful: true, extra: 1 },
      { helpful: true, comment: '' },
      { helpful: true, comment: 'x'.repeat(2001) },
      { helpful: true, comment: 7 },
      [true],
    ]
    for (const body of bodies) {
      const res = await rate('af-alice', alice.conversationId, alice.answerId, body)
      expect([body, res.status]).toEqual([body, 422])
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.body.errors.length).toBeGreaterThan(0)
    }
    expect((await rate('af-alice', alice.conversationId, alice.answerId, { helpful: true, comment: 'x'.repeat(2000) })).status).toBe(200)
    const malformed = await rate('af-alice', alice.conversationId, alice.answerId, '{oops')
    expect(malformed.status).toBe(400)
    expect(malformed.headers.get('content-type')).toContain('application/problem+json')
    const staff = await call(t.app, 'PUT', feedbackPath(alice.conversationId, alice.answerId), { helpful: true }, as(agent))
    expect(staff.status).toBe(403)
    // Without a key or customer id the caller is the demo's anonymous customer: not Alice's conversation.
    expect((await call(t.app, 'PUT', feedbackPath(alice.conversationId, alice.answerId), { helpful: true })).status).toBe(404)
    // The last accepted vote stands.
    expect(await rowsOf(alice.answerId)).toEqual([expect.objectContaining({ helpful: true, comment: 'x'.repeat(2000) })])
  })

  it('lets the widget vote from a company page: the CORS preflight allows PUT', async () => {
    const preflight = await t.app.request(feedbackPath(alice.conversationId, alice.answerId), {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,x-customer-id' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT')
  })

  it('stores the comment as the rating comment is (PII masked), exports the vote, and erasure scrubs the comment but keeps the vote', async () => {
    const mark = marker()
    const mail = email()
    const who = `af-erase-${mark}`
    const story = await answered(who)
    const comment = `Not what I asked (${mark}), write to ${mail}`
    const rated = await rate(who, story.conversationId, story.answerId, { helpful: false, comment })
    expect(rated.status).toBe(200)
    // The customer gets back what they wrote; the database holds it with the e-mail masked.
    expect(rated.body.comment).toBe(comment)
    const [stored] = await rowsOf(story.answerId)
    expect(stored.comment).toBe(`Not what I asked (${mark}), write to [EMAIL]`)

    const exported = await t.app.request(`/v1/privacy/customers/visitor:${who}/export`, { headers: as(admin) })
    expect(exported.status).toBe(200)
    const doc = JSON.parse(await exported.text())
    expect(doc.conversations).toHaveLength(1)
    expect(doc.conversations[0].answer_feedback).toEqual([
      expect.objectContaining({ message_id: story.answerId, conversation_id: story.conversationId, helpful: false, comment: `Not what I asked (${mark}), write to [EMAIL]` }),
    ])

    const erased = await call(t.app, 'POST', `/v1/privacy/customers/visitor:${who}/erase`, undefined, as(admin))
    expect(erased.status).toBe(200)
    expect(erased.body.tables.answer_feedback).toEqual({ deleted: 0, scrubbed: 1 })
    expect(await rowsOf(story.answerId)).toEqual([expect.objectContaining({ helpful: false, comment: null, conversationId: story.conversationId })])
    expect(await dumpDatabase(t.deps.db)).not.toContain(mark)
    // Nothing is left to vote on: the answer went with the transcript.
    expect((await rate(who, story.conversationId, story.answerId, { helpful: true })).status).toBe(404)
  })

  it('counts helpful and not helpful answers in the KPI summary', async () => {
    const bob = await answered('af-bob')
    expect((await rate('af-bob', bob.conversationId, bob.answerId, { helpful: true })).status).toBe(200)
    const res = await call(t.app, 'GET', '/v1/analytics/summary', undefined, as(supervisor))
    expect(res.status).toBe(200)
    // Alice's answer (helpful, after three changes), the erased customer's (not helpful, kept), Bob's (helpful).
    expect(res.body.totals.answer_feedback).toEqual({ helpful: 2, not_helpful: 1, helpful_rate: 0.6667 })
    const today = new Date().toISOString().slice(0, 10)
    expect(res.body.by_day.find((d: { day: string }) => d.day === today).answer_feedback).toEqual({ helpful: 2, not_helpful: 1, helpful_rate: 0.6667 })
    expect(res.body.archived.answer_feedback).toEqual({ helpful: 0, not_helpful: 0, helpful_rate: null })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../src/auth/credentials.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'

const TEST_ENV = { RATE_LIMIT_ENABLED: 'false', HANDOFF_HEARTBEAT_SECONDS: '1' }

describe.each(DRIVERS)('agent API on %s', (driver) => {
  let t: TestApp
  let ann: string
  let bob: { id: string; token: string }
  let ml: string
  const as = (token: string) => ({ authorization: `Bearer ${token}` })
  const customer = (id: string) => ({ 'x-customer-id': id })

  async function say(customerId: string, conversationId: string, text: string) {
    const res = await call(t.app, 'POST', `/v1/conversations/${conversationId}/messages`, { text }, customer(customerId))
    expect(res.status).toBe(200)
    return res.body
  }
  async function startHandoff(customerId: string) {
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer(customerId))
    const reply = await say(customerId, conversation.body.id, 'I want to talk to a person')
    expect(reply.route).toBe('handoff')
    return { conversationId: conversation.body.id as string, handoffId: reply.handoff.id as string }
  }
  const transcript = async (customerId: string, conversationId: string) =>
    (await call(t.app, 'GET', `/v1/conversations/${conversationId}`, undefined, customer(customerId))).body

  beforeAll(async () => {
    t = await createTestApp(driver, TEST_ENV)
    ann = (await createStaff(t.deps.db, 'demo', 'Ann', 'agent')).token
    bob = await createStaff(t.deps.db, 'demo', 'Bob', 'supervisor')
    ml = (await createStaff(t.deps.db, 'demo', 'Mo', 'ml')).token
  })
  afterAll(async () => t?.close())

  it('once a handoff exists the bot stays silent, even for questions it can answer; the agent sees every message', async () => {
    const { conversationId, handoffId } = await startHandoff('silent-1')
    for (const text of ['How do I return an item?', 'hello?', 'What are your shipping times?']) {
      const reply = await say('silent-1', conversationId, text)
      expect(reply.message).toBeNull()
      expect(reply.reply_id).toBeNull()
      // The reply names the handoff the conversation waits on.
      expect(reply.handoff).toEqual({ id: handoffId, reason: 'awaiting_human', priority: 'normal' })
    }
    const stored = await transcript('silent-1', conversationId)
    expect(stored.status).toBe('handoff')
    // The handoff notice is the bot's last word.
    expect(stored.messages.map((m: { role: string }) => m.role)).toEqual(['customer', 'bot', 'customer', 'customer', 'customer'])

    const detail = await call(t.app, 'GET', `/v1/agent/handoffs/${handoffId}`, undefined, as(ann))
    expect(detail.status).toBe(200)
    expect(detail.body.messages.filter((m: { role: string }) => m.role === 'customer').map((m: { text: string }) => m.text)).toEqual([
      'I want to talk to a person', 'How do I return an item?', 'hello?', 'What are your shipping times?',
    ])
    expect(detail.body.packet).toMatchObject({ reason: 'customer_requested_human', reasonCategory: 'customer_request', lastMessage: 'I want to talk to a person', priority: 'normal' })
    expect(new Date(detail.body.packet.slaDueAt).getTime()).toBe(new Date(detail.body.sla_due_at).getTime())
    // Default SLA for a normal handoff: 10 minutes after it was created.
    expect(new Date(detail.body.sla_due_at).getTime() - new Date(detail.body.created_at).getTime()).toBeGreaterThan(9.9 * 60_000)
  })

  it('a request for a person with a topic gives the agent the articles on that topic, each once', async () => {
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer('topic-1'))
    const reply = await say('topic-1', conversation.body.id, 'I want to talk to a human about my refund, it has not arrived')
    expect(reply.route).toBe('handoff')
    const { packet } = (await call(t.app, 'GET', `/v1/agent/handoffs/${reply.handoff.id}`, undefined, as(ann))).body
    const ids = packet.documents.map((d: { docId: string }) => d.docId)
    expect(ids[0]).toMatch(/refund/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('messages racing the handoff: no bot reply is stored after the handoff notice', async () => {
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer('race-1'))
    const id = conversation.body.id
    const texts = ['I want to talk to a person', 'How do I return an item?', 'What are your shipping times?', 'How do I reset my password?', 'Can I change my order?', 'Where is my package?']
    await Promise.all(texts.map((text) => say('race-1', id, text)))
    const { messages, status } = await transcript('race-1', id)
    expect(status).toBe('handoff')
    const notice = messages.findIndex((m: { role: string; route?: string }) => m.role === 'bot' && m.route === 'handoff')
    expect(notice).toBeGreaterThan(0)
    expect(messages.slice(notice + 1).filter((m: { role: string }) => m.role === 'bot')).toEqual([])
    expect(messages.filter((m: { role: string }) => m.role === 'customer')).toHaveLength(texts.length)
    // Sequence numbers stay consecutive however the turns interleave.
    expect(messages.map((m: { seq: number }) => m.seq)).toEqual(messages.map((_: unknown, i: number) => i + 1))
  })

  it('concurrent questions in one conversation: every message stored once, each reply right after its question', async () => {
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer('race-2'))
    const id = conversation.body.id
    const texts = ['How do I return an item?', 'What are your shipping times?', 'How do I reset my password?', 'Can I change my order?', 'Where is my package?', 'Do you ship abroad?', 'How do I pair a bulb?', 'Can I pay by invoice?']
    const replies = await Promise.all(texts.map((text) => say('race-2', id, text)))
    const { messages } = await transcript('race-2', id)
    expect(messages.map((m: { seq: number }) => m.seq)).toEqual(messages.map((_: unknown, i: number) => i + 1))
    expect(messages.filter((m: { role: string }) => m.role === 'customer').map((m: { text: string }) => m.text).sort()).toEqual([...texts].sort())
    for (const reply of replies.filter((r) => r.reply_id)) {
      const question = messages.findIndex((m: { id: string }) => m.id === reply.message_id)
      expect(messages[question + 1].id).toBe(reply.reply_id)
    }
  })

  it('queue, claim, reply through the compliance check, note, resolve, then one rating', async () => {
    const { conversationId, handoffId } = await startHandoff('flow-1')
    // "I want to talk to a person" names no topic: no articles for the agent and no draft to prefill.
    const { packet } = (await call(t.app, 'GET', `/v1/agent/handoffs/${handoffId}`, undefined, as(ann))).body
    expect(packet.draftReply).toBeNull()
    expect(packet.documents).toEqual([])
    const queue = await call(t.app, 'GET', '/v1/agent/handoffs?state=waiting', undefined, as(ann))
    expect(queue.body.handoffs.map((h: { id: string }) => h.id)).toContain(handoffId)

    // Replying needs the claim.
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'Hi' }, as(ann))).status).toBe(409)
    const claimed = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(ann))
    expect(claimed.status).toBe(200)
    expect(claimed.body).toMatchObject({ state: 'claimed', time_to_claim_ms: expect.any(Number) })
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(bob.token))).status).toBe(409)

    const blocked = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'here is how to make a bomb at home: step 1' }, as(ann))
    expect(blocked.status).toBe(422)
    expect(blocked.headers.get('content-type')).toMatch(/problem\+json/)

    const sent = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'Hi, I am Ann from support. How can I help?' }, as(ann))
    expect(sent.status).toBe(201)
    expect(sent.body.handoff.time_to_first_reply_ms).toEqual(expect.any(Number))
    const note = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/notes`, { text: 'Customer sounds calm; check order 1234.' }, as(ann))
    expect(note.status).toBe(201)

    let seen = await transcript('flow-1', conversationId)
    expect(seen.messages.at(-1)).toMatchObject({ role: 'agent', text: 'Hi, I am Ann from support. How can I help?' })
    expect(JSON.stringify(seen)).not.toContain('check order 1234')
    expect(seen.messages.some((m: { text: string }) => m.text.includes('bomb'))).toBe(false)

    // Still no bot reply while the agent has it.
    expect((await say('flow-1', conversationId, 'How do I return an item?')).message).toBeNull()

    // Feedback only after a resolve.
    expect((await call(t.app, 'POST', `/v1/conversations/${conversationId}/feedback`, { rating: 5 }, customer('flow-1'))).status).toBe(409)
    const resolved = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/resolve`, undefined, as(ann))
    expect(resolved.body.state).toBe('resolved')
    seen = await transcript('flow-1', conversationId)
    expect(seen.status).toBe('closed')
    expect(seen.messages.at(-1)).toMatchObject({ role: 'system', kind: 'feedback_request' })

    expect((await call(t.app, 'POST', `/v1/conversations/${conversationId}/feedback`, { rating: 9 }, customer('flow-1'))).status).toBe(422)
    expect((await call(t.app, 'POST', `/v1/conversations/${conversationId}/feedback`, { rating: 4 }, customer('someone-else'))).status).toBe(404)
    const rated = await call(t.app, 'POST', `/v1/conversations/${conversationId}/feedback`, { rating: 4, comment: 'Quick and kind' }, customer('flow-1'))
    expect(rated.status).toBe(201)
    expect(rated.body).toMatchObject({ handoff_id: handoffId, rating: 4, comment: 'Quick and kind' })
    expect((await call(t.app, 'POST', `/v1/conversations/${conversationId}/feedback`, { rating: 5 }, customer('flow-1'))).status).toBe(409)

    const detail = await call(t.app, 'GET', `/v1/agent/handoffs/${handoffId}`, undefined, as(ann))
    expect(detail.body.notes.map((n: { text: string; staff_name: string }) => [n.staff_name, n.text])).toEqual([['Ann', 'Customer sounds calm; check order 1234.']])
    expect(detail.body.activity.map((a: { kind: string }) => a.kind)).toEqual(['claimed', 'resolved'])
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'again' }, as(ann))).status).toBe(409)

    // Writing again after the resolve, the customer talks to the bot: the conversation is open again.
    const statuses: string[] = []
    const unsubscribe = t.deps.events.subscribe((e) => e.conversationId === conversationId && e.type === 'conversation.status' && statuses.push(String((e.data as { status: string }).status)))
    const later = await say('flow-1', conversationId, 'One more thing: how do I return an item?')
    unsubscribe()
    expect(later.message).toEqual(expect.any(String))
    expect((await transcript('flow-1', conversationId)).status).toBe('bot')
    expect(statuses).toEqual(['bot'])
  })

  it('a question asked again after the answer goes to a person with the answer as a draft to start from', async () => {
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer('again-1'))
    const id = conversation.body.id as string
    expect((await say('again-1', id, 'How long does standard shipping take?')).route).toBe('answer')
    const again = await say('again-1', id, 'How long does standard shipping take??')
    expect(again.route).toBe('handoff')
    const detail = await call(t.app, 'GET', `/v1/agent/handoffs/${again.handoff.id}`, undefined, as(ann))
    expect(detail.body.packet.reasons).toContain('repeated_question')
    expect(detail.body.packet.draftReply).toMatch(/business days/)
  })

  it('returned to the bot, the conversation gets bot answers again', async () => {
    const { conversationId, handoffId } = await startHandoff('back-1')
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(ann))
    const back = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/return`, undefined, as(ann))
    expect(back.body.state).toBe('returned')
    expect((await transcript('back-1', conversationId)).status).toBe('bot')
    const reply = await say('back-1', conversationId, 'How do I return an item?')
    expect(reply.message).toEqual(expect.any(String))
    expect((await call(t.app, 'POST', `/v1/conversations/${conversationId}/feedback`, { rating: 5 }, customer('back-1'))).status).toBe(409)
  })

  it('claim next, transfer to another agent and back to the queue with a skill; supervisors may close any open handoff', async () => {
    const { handoffId } = await startHandoff('xfer-1')
    // Others may be waiting too: claim until this one comes up, releasing the rest.
    let got: string | null = null
    const released: string[] = []
    while (got !== handoffId) {
      const next = await call(t.app, 'POST', '/v1/agent/handoffs/claim', undefined, as(ann))
      expect(next.status).toBe(200)
      got = next.body.id
      if (got !== handoffId) released.push(got!)
    }
    const moved = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/transfer`, { to: 'agent', staff_id: bob.id }, as(ann))
    expect(moved.body).toMatchObject({ state: 'claimed', claimed_by: bob.id })
    const requeued = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/transfer`, { to: 'queue', skill: 'billing' }, as(bob.token))
    expect(requeued.body).toMatchObject({ state: 'waiting', skill: 'billing', claimed_by: null })
    const tagged = await call(t.app, 'GET', '/v1/agent/handoffs?skill=billing', undefined, as(ann))
    expect(tagged.body.handoffs.map((h: { id: string }) => h.id)).toEqual([handoffId])
    const closed = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/resolve`, undefined, as(bob.token))
    expect(closed.body.state).toBe('resolved')
    for (const id of released) await call(t.app, 'POST', `/v1/agent/handoffs/${id}/transfer`, { to: 'queue' }, as(ann))
  })

  it('legal threats and self-harm are urgent; self-harm while waiting raises the open handoff to urgent', async () => {
    for (const [text, category] of [['I will sue you and take you to court', 'legal'], ['I want to kill myself', 'safety']]) {
      const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer('urgent-1'))
      const reply = await say('urgent-1', conversation.body.id, text)
      expect(reply.handoff.priority).toBe('urgent')
      const detail = await call(t.app, 'GET', `/v1/agent/handoffs/${reply.handoff.id}`, undefined, as(ann))
      expect(detail.body).toMatchObject({ priority: 'urgent', reason_category: category })
      // Urgent handoffs get the shorter default SLA (5 minutes).
      expect(new Date(detail.body.sla_due_at).getTime() - new Date(detail.body.created_at).getTime()).toBeLessThan(5.1 * 60_000)
    }
    const { conversationId, handoffId } = await startHandoff('urgent-2')
    const events: string[] = []
    const unsubscribe = t.deps.events.subscribe((e) => events.push(e.type))
    const waiting = await say('urgent-2', conversationId, 'I want to kill myself')
    unsubscribe()
    expect(waiting.message).toBeNull()
    expect(waiting.handoff).toEqual({ id: handoffId, reason: 'awaiting_human', priority: 'urgent' })
    const detail = await call(t.app, 'GET', `/v1/agent/handoffs/${handoffId}`, undefined, as(ann))
    expect(detail.body.priority).toBe('urgent')
    expect(events).toContain('handoff.escalated')
    const urgentFirst = await call(t.app, 'GET', '/v1/agent/handoffs?priority=urgent', undefined, as(ann))
    expect(urgentFirst.body.handoffs.map((h: { id: string }) => h.id)).toContain(handoffId)
  })

  it('answers bad input and wrong callers with problem+json, never a 500', async () => {
    const { handoffId, conversationId } = await startHandoff('bad-1')
    const cases: Array<[string, string, unknown, Record<string, string>, number]> = [
      ['GET', '/v1/agent/handoffs', undefined, {}, 401],
      // The ml role works on the knowledge base, not with customers: no transcripts.
      ['GET', `/v1/conversations/${conversationId}`, undefined, as(ml), 403],
      ['GET', '/v1/agent/handoffs', undefined, customer('bad-1'), 401],
      ['GET', '/v1/agent/handoffs', undefined, as(ml), 403],
      ['GET', '/v1/agent/handoffs?state=lost', undefined, as(ann), 422],
      ['GET', '/v1/agent/handoffs?limit=0', undefined, as(ann), 422],
      ['GET', '/v1/agent/handoffs/nope', undefined, as(ann), 404],
      ['POST', '/v1/agent/handoffs/nope/claim', undefined, as(ann), 404],
      ['POST', `/v1/agent/handoffs/${handoffId}/renew`, undefined, as(ann), 409],
      ['POST', `/v1/agent/handoffs/${handoffId}/notes`, { text: '' }, as(ann), 422],
      ['POST', `/v1/agent/handoffs/${handoffId}/notes`, '{oops', as(ann), 400],
      ['POST', `/v1/agent/handoffs/${handoffId}/transfer`, { to: 'moon' }, as(ann), 422],
      ['POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'hi', extra: 1 }, as(ann), 422],
      ['GET', '/v1/conversations/nope/events', undefined, customer('bad-1'), 404],
      ['POST', '/v1/conversations/nope/feedback', { rating: 3 }, customer('bad-1'), 404],
    ]
    for (const [method, path, body, headers, status] of cases) {
      const res = await call(t.app, method, path, body, headers)
      expect([method, path, res.status]).toEqual([method, path, status])
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    }
    const notJson = await t.app.request(`/v1/agent/handoffs/${handoffId}/notes`, { method: 'POST', headers: { ...as(ann), 'content-type': 'text/plain' }, body: 'hi' })
    expect(notJson.status).toBe(415)
    const badResume = await t.app.request(`/v1/conversations/${handoffId}/events`, { headers: { ...customer('bad-1'), 'last-event-id': 'abc' } })
    expect(badResume.status).toBe(400)
  })

  it('the queue carries the start of a long last message; the handoff has it whole', async () => {
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer('long-1'))
    const long = `I want to talk to a person about my order. ${'The tracking page keeps changing and nobody explains why. '.repeat(30)}`
    const reply = await say('long-1', conversation.body.id, long)
    expect(reply.route).toBe('handoff')
    const listed = (await call(t.app, 'GET', '/v1/agent/handoffs?state=all&limit=500', undefined, as(ann))).body.handoffs.find((h: any) => h.id === reply.handoff.id)
    expect(listed.last_message.length).toBeLessThanOrEqual(280)
    expect(listed.last_message.endsWith('…')).toBe(true)
    expect(long.startsWith(listed.last_message.slice(0, -1))).toBe(true)
    const one = (await call(t.app, 'GET', `/v1/agent/handoffs/${reply.handoff.id}`, undefined, as(ann))).body
    expect(one.last_message).toBe(long.trim())
  })

  it('another tenant’s staff cannot see or claim the handoff', async () => {
    const { handoffId } = await startHandoff('tenant-1')
    const { token } = await createStaff(t.deps.db, 'other', 'Olga', 'agent')
    expect((await call(t.app, 'GET', `/v1/agent/handoffs/${handoffId}`, undefined, as(token))).status).toBe(404)
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(token))).status).toBe(404)
    expect((await call(t.app, 'GET', '/v1/agent/handoffs', undefined, as(token))).body.handoffs).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { createStaff } from '../../src/auth/credentials.js'
import { handoffFeedback, handoffs } from '../../src/db/schema/index.js'
import { createApp } from '../../src/app.js'
import { createEventBus } from '../../src/events/bus.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { sseReader, type SseEvent } from './sse.js'

describe.each(DRIVERS)('live streams on %s', (driver) => {
  let t: TestApp
  let ann: string
  const as = (token: string) => ({ authorization: `Bearer ${token}` })
  const customer = (id: string) => ({ 'x-customer-id': id })
  const messagesOf = (events: SseEvent[]) => events.filter((e) => e.event === 'message')

  async function startHandoff(customerId: string) {
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, customer(customerId))
    const reply = await call(t.app, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text: 'I want to talk to a person' }, customer(customerId))
    return { conversationId: conversation.body.id as string, handoffId: reply.body.handoff.id as string }
  }
  const openStream = async (path: string, headers: Record<string, string>) => {
    const res = await t.app.request(path, { headers: { accept: 'text/event-stream', ...headers } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    return sseReader(res)
  }

  beforeAll(async () => {
    t = await createTestApp(driver, { RATE_LIMIT_ENABLED: 'false', HANDOFF_HEARTBEAT_SECONDS: '1' })
    ann = (await createStaff(t.deps.db, 'demo', 'Ann', 'agent')).token
  })
  afterAll(async () => t?.close())

  it('the customer stream replays what was missed after Last-Event-ID, then delivers agent replies and status live, once each, without notes', async () => {
    const { conversationId, handoffId } = await startHandoff('sse-1')
    await call(t.app, 'POST', `/v1/conversations/${conversationId}/messages`, { text: 'are you there?' }, customer('sse-1'))
    // seq 1 customer, 2 bot notice, 3 customer. Resume after 1.
    const first = await openStream(`/v1/conversations/${conversationId}/events`, { ...customer('sse-1'), 'last-event-id': '1' })
    await first.until((ev) => messagesOf(ev).length === 2)
    expect(first.events[0]).toMatchObject({ event: 'status', id: null, data: { status: 'handoff' } })
    expect(messagesOf(first.events).map((e) => [e.id, e.data.role])).toEqual([['2', 'bot'], ['3', 'customer']])

    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(ann))
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/notes`, { text: 'internal only' }, as(ann))
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'Hello, this is Ann.' }, as(ann))
    await first.until((ev) => messagesOf(ev).length === 3)
    expect(messagesOf(first.events)[2]).toMatchObject({ id: '4', data: { role: 'agent', text: 'Hello, this is Ann.', agent_name: 'Ann' } })
    await first.close()

    // Offline meanwhile: a second reply and the resolve (with its rating request).
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'Anything else?' }, as(ann))
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/resolve`, undefined, as(ann))
    const resumed = await openStream(`/v1/conversations/${conversationId}/events?last_event_id=4`, customer('sse-1'))
    await resumed.until((ev) => messagesOf(ev).length === 2)
    expect(resumed.events[0]).toMatchObject({ event: 'status', data: { status: 'closed' } })
    expect(messagesOf(resumed.events).map((e) => [e.id, e.data.role, e.data.kind ?? null])).toEqual([['5', 'agent', null], ['6', 'system', 'feedback_request']])
    await resumed.close()

    const all = [...first.events, ...resumed.events]
    expect(JSON.stringify(all)).not.toContain('internal only')
    const ids = messagesOf(all).map((e) => Number(e.id))
    expect(ids).toEqual([2, 3, 4, 5, 6])

    // The transcript shows the customer what the stream does; staff also see who on the team replied.
    const agentMessage = (body: { messages: Array<Record<string, unknown>> }) => body.messages.find((m) => m.role === 'agent')!
    const mine = await call(t.app, 'GET', `/v1/conversations/${conversationId}`, undefined, customer('sse-1'))
    expect(agentMessage(mine.body)).toMatchObject({ text: 'Hello, this is Ann.', agent_name: 'Ann' })
    expect(JSON.stringify(mine.body)).not.toContain('staff_id')
    const staffView = await call(t.app, 'GET', `/v1/conversations/${conversationId}`, undefined, as(ann))
    expect(agentMessage(staffView.body)).toMatchObject({ agent: { name: 'Ann', staff_id: expect.any(String) } })

    // A rating comment is stored like a message: the customer's contact details masked (or sealed).
    const comment = 'Call me at +14155552671 or john.doe@example.com'
    const rated = await call(t.app, 'POST', `/v1/conversations/${conversationId}/feedback`, { rating: 2, comment }, customer('sse-1'))
    expect(rated.status).toBe(201)
    expect(rated.body.comment).toBe(comment)
    const [stored] = await t.deps.db.select({ comment: handoffFeedback.comment }).from(handoffFeedback).where(eq(handoffFeedback.conversationId, conversationId))
    expect(stored.comment).toMatch(/^Call me at /)
    expect(stored.comment).not.toMatch(/4155552671|john\.doe/)
  })

  it('a Last-Event-ID past the end resumes from the end, and one that is not a plain number is refused', async () => {
    const { conversationId, handoffId } = await startHandoff('sse-ahead')
    const stream = await openStream(`/v1/conversations/${conversationId}/events`, { ...customer('sse-ahead'), 'last-event-id': '50' })
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(ann))
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'Still here?' }, as(ann))
    await stream.until((ev) => messagesOf(ev).length === 1)
    expect(messagesOf(stream.events)[0]).toMatchObject({ id: '3', data: { role: 'agent', text: 'Still here?' } })
    await stream.close()
    for (const id of ['0x2', '1e3', '-1']) {
      const res = await t.app.request(`/v1/conversations/${conversationId}/events`, { headers: { accept: 'text/event-stream', ...customer('sse-ahead'), 'last-event-id': id } })
      expect(res.status, id).toBe(400)
    }
  })

  it('a status change reaches a connected customer', async () => {
    const { conversationId, handoffId } = await startHandoff('sse-2')
    const stream = await openStream(`/v1/conversations/${conversationId}/events`, customer('sse-2'))
    await stream.until((ev) => messagesOf(ev).length === 2)
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(ann))
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/return`, undefined, as(ann))
    await stream.until((ev) => ev.some((e) => e.event === 'status' && e.data.status === 'bot'))
    await stream.close()
  })

  it('what another instance does reaches the stream at the next heartbeat, though its events do not', async () => {
    const { conversationId, handoffId } = await startHandoff('sse-4')
    // Another process or Workers isolate on the same database, with its own event bus: none of its events arrive here.
    const other = createApp({ ...t.deps, events: createEventBus() })
    const stream = await openStream(`/v1/conversations/${conversationId}/events`, customer('sse-4'))
    await stream.until((ev) => messagesOf(ev).length === 2)
    await call(other, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(ann))
    await call(other, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'Hello from elsewhere.' }, as(ann))
    await stream.until((ev) => messagesOf(ev).some((e) => e.data.text === 'Hello from elsewhere.'))
    await call(other, 'POST', `/v1/agent/handoffs/${handoffId}/resolve`, undefined, as(ann))
    await stream.until((ev) => ev.some((e) => e.event === 'status' && e.data.status === 'closed'))
    await stream.close()
    const ids = messagesOf(stream.events).map((e) => e.id)
    expect(new Set(ids).size).toBe(ids.length) // once each
    expect(stream.events.filter((e) => e.event === 'status' && e.data.status === 'closed')).toHaveLength(1)
  })

  it('the agent stream asks the console to reload when another instance changed the queue, and only then', async () => {
    const other = createApp({ ...t.deps, events: createEventBus() })
    const stream = await openStream('/v1/agent/events', as(ann))
    await stream.until((ev) => ev.some((e) => e.event === 'ready'))
    const resyncs = () => stream.events.filter((e) => e.event === 'resync').length
    const heartbeats = () => stream.events.filter((e) => e.event === 'heartbeat').length

    const conversation = await call(other, 'POST', '/v1/conversations', undefined, customer('sse-5'))
    const reply = await call(other, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text: 'I want to talk to a person' }, customer('sse-5'))
    await stream.until(() => resyncs() === 1)
    // Quiet: heartbeats go on without another resync.
    const beats = heartbeats()
    await stream.until(() => heartbeats() >= beats + 2)
    expect(resyncs()).toBe(1)
    // A customer message, a note and a claim each move the watermark.
    await call(other, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text: 'hello?' }, customer('sse-5'))
    await stream.until(() => resyncs() === 2)
    await call(other, 'POST', `/v1/agent/handoffs/${reply.body.handoff.id}/notes`, { text: 'seen it' }, as(ann))
    await stream.until(() => resyncs() === 3)
    await call(other, 'POST', `/v1/agent/handoffs/${reply.body.handoff.id}/claim`, undefined, as(ann))
    await stream.until(() => resyncs() === 4)
    await call(other, 'POST', `/v1/agent/handoffs/${reply.body.handoff.id}/resolve`, undefined, as(ann))
    await stream.until(() => resyncs() === 5)
    await stream.close()
    expect(stream.events.some((e) => e.event.startsWith('handoff.'))).toBe(false)
  })

  it('another customer cannot open the stream', async () => {
    const { conversationId } = await startHandoff('sse-3')
    const res = await t.app.request(`/v1/conversations/${conversationId}/events`, { headers: customer('intruder') })
    expect(res.status).toBe(404)
  })

  it('the agent stream carries new handoffs, customer messages, claims and SLA breaches, with event ids', async () => {
    const stream = await openStream('/v1/agent/events', as(ann))
    await stream.until((ev) => ev.some((e) => e.event === 'ready'))
    const { conversationId, handoffId } = await startHandoff('sse-4')
    await stream.until((ev) => ev.some((e) => e.event === 'handoff.created' && e.data.handoff.id === handoffId))
    await call(t.app, 'POST', `/v1/conversations/${conversationId}/messages`, { text: 'still waiting' }, customer('sse-4'))
    await stream.until((ev) => ev.some((e) => e.event === 'message' && e.data.text === 'still waiting'))
    await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as(ann))
    await stream.until((ev) => ev.some((e) => e.event === 'handoff.claimed' && e.data.handoff.id === handoffId))

    // The deadline passes (moved into the past); the next heartbeat's sweep reports it.
    await t.deps.db.update(handoffs).set({ slaDueAt: sql`now() - interval '1 second'` }).where(eq(handoffs.id, handoffId))
    await stream.until((ev) => ev.some((e) => e.event === 'handoff.sla_breached' && e.data.handoff.id === handoffId))
    await stream.until((ev) => ev.some((e) => e.event === 'heartbeat'))
    await stream.close()

    const ids = stream.events.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
    expect(stream.events.filter((e) => e.event === 'handoff.sla_breached' && e.data.handoff.id === handoffId)).toHaveLength(1)
    const [row] = await t.deps.db.select().from(handoffs).where(eq(handoffs.id, handoffId))
    expect(row.slaBreachedAt).not.toBeNull()
  })
})

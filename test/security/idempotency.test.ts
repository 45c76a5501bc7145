/** Idempotency-Key on message POSTs: replays are byte-identical and create nothing; misuse is refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, count, eq } from 'drizzle-orm'
import { DRIVERS } from '../support/db.js'
import { idempotencyKeys, messages, turns } from '../../src/db/schema/index.js'
import { startHarness, type Harness } from './harness.js'

describe.each(DRIVERS)('Idempotency-Key on %s', (driver) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(driver)
  })
  afterAll(() => h?.dispose())

  const turnCount = async (conversationId: string) =>
    Number((await h.deps.db.select({ n: count() }).from(turns).where(eq(turns.conversationId, conversationId)))[0].n)
  const messageCount = async (conversationId: string) =>
    Number((await h.deps.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversationId)))[0].n)

  it('a retried request gets the original status and body, and nothing new is stored', async () => {
    const conv = await h.conversation(h.acme.pk, 'idem-a')
    const first = await h.post(h.acme.pk, 'idem-a', conv, 'hello, thanks', { 'idempotency-key': 'msg-1' })
    const firstBody = await first.text()
    expect(first.status).toBe(200)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const stored = await messageCount(conv)
    for (let i = 0; i < 3; i++) {
      const again = await h.post(h.acme.pk, 'idem-a', conv, 'hello, thanks', { 'idempotency-key': 'msg-1' })
      expect(again.status).toBe(200)
      expect(again.headers.get('idempotent-replayed')).toBe('true')
      expect(await again.text()).toBe(firstBody)
    }
    expect(await messageCount(conv)).toBe(stored)
    expect(await turnCount(conv)).toBe(1)
    // Without a key, the same text is a new message.
    expect((await h.post(h.acme.pk, 'idem-a', conv, 'hello, thanks')).status).toBe(200)
    expect(await turnCount(conv)).toBe(2)
  })

  it('the same key with a different body, or for another conversation, is 422 and stores nothing', async () => {
    const conv = await h.conversation(h.acme.pk, 'idem-b')
    await h.post(h.acme.pk, 'idem-b', conv, 'where is my order?', { 'idempotency-key': 'k-422' })
    const other = await h.post(h.acme.pk, 'idem-b', conv, 'cancel my order', { 'idempotency-key': 'k-422' })
    expect(other.status).toBe(422)
    expect(other.headers.get('content-type')).toBe('application/problem+json')
    // Asked for as a stream, the refusal is the same problem, not an event inside a 200 stream.
    const streamed = await h.post(h.acme.pk, 'idem-b', conv, 'cancel my order', { 'idempotency-key': 'k-422', accept: 'text/event-stream' })
    expect(streamed.status).toBe(422)
    expect(streamed.headers.get('content-type')).toBe('application/problem+json')
    expect((await streamed.json()).detail).toMatch(/Idempotency-Key/)
    const conv2 = await h.conversation(h.acme.pk, 'idem-b')
    const elsewhere = await h.post(h.acme.pk, 'idem-b', conv2, 'where is my order?', { 'idempotency-key': 'k-422' })
    expect(elsewhere.status).toBe(422)
    expect(await turnCount(conv)).toBe(1)
    expect(await turnCount(conv2)).toBe(0)
  })

  it('keys are per customer: another customer may use the same key', async () => {
    const a = await h.conversation(h.acme.pk, 'idem-c1')
    const b = await h.conversation(h.acme.pk, 'idem-c2')
    expect((await h.post(h.acme.pk, 'idem-c1', a, 'hi', { 'idempotency-key': 'shared' })).headers.get('idempotent-replayed')).toBeNull()
    expect((await h.post(h.acme.pk, 'idem-c2', b, 'hi', { 'idempotency-key': 'shared' })).headers.get('idempotent-replayed')).toBeNull()
    expect(await turnCount(a)).toBe(1)
    expect(await turnCount(b)).toBe(1)
  })

  it('concurrent duplicates: one turn is stored and every request gets its reply', async () => {
    const conv = await h.conversation(h.acme.pk, 'idem-d')
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => h.post(h.acme.pk, 'idem-d', conv, 'How do I reset my password?', { 'idempotency-key': 'race-1' })),
    )
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(new Set(bodies).size).toBe(1)
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1)
    expect(await turnCount(conv)).toBe(1)
    const rows = await h.deps.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.customerId, 'visitor:idem-d'), eq(idempotencyKeys.key, 'race-1')))
    expect(rows).toHaveLength(1)
    expect(rows[0].response).toBe(bodies[0])
  })

  it('the replay also works as a stream', async () => {
    const conv = await h.conversation(h.acme.pk, 'idem-e')
    const first = (await (await h.post(h.acme.pk, 'idem-e', conv, 'thank you', { 'idempotency-key': 'sse-1' })).json()) as { message_id: string }
    const sse = await h.post(h.acme.pk, 'idem-e', conv, 'thank you', { 'idempotency-key': 'sse-1', accept: 'text/event-stream' })
    expect(sse.headers.get('content-type')).toContain('text/event-stream')
    expect(await sse.text()).toContain(first.message_id)
    expect(await turnCount(conv)).toBe(1)
  })

  it.each(['', ' ', 'x'.repeat(256), 'spaces inside', 'ümlaut'])('a malformed key %j is 400', async (key) => {
    const conv = await h.conversation(h.acme.pk, 'idem-f')
    const res = await h.post(h.acme.pk, 'idem-f', conv, 'hi', { 'idempotency-key': key })
    expect(res.status).toBe(400)
    expect(await turnCount(conv)).toBe(0)
  })
})

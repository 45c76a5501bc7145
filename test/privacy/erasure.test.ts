import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../src/auth/credentials.js'
import { turns } from '../../src/db/schema/index.js'
import { inArray } from 'drizzle-orm'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { cnId, dumpDatabase, email, keySpec, marker, phone, SALT } from './helpers.js'

const ENV = { RATE_LIMIT_ENABLED: 'false', PRIVACY_KEYS: keySpec('k1'), PRIVACY_HASH_SALT: SALT }

describe.each(DRIVERS)('customer export and erasure on %s', (driver) => {
  let t: TestApp
  let admin: string
  let agent: string
  const as = (token: string) => ({ authorization: `Bearer ${token}` })

  /** A customer who chats (with PII), is handed to a person, gets a reply and a note, and rates it. */
  async function customerStory(customerId: string, values: { mark: string; phone: string; id: string; email: string }) {
    const who = { 'x-customer-id': customerId }
    const started = await call(t.app, 'POST', '/v1/conversations', { lang: 'en', metadata: { order: values.mark } }, who)
    expect(started.status).toBe(201)
    const cid = started.body.id as string
    const first = await call(t.app, 'POST', `/v1/conversations/${cid}/messages`, { text: `Order ${values.mark}: call me at ${values.phone} or mail ${values.email}, my ID number is ${values.id}` }, { ...who, 'idempotency-key': `k-${values.mark}` })
    expect(first.status).toBe(200)
    const second = await call(t.app, 'POST', `/v1/conversations/${cid}/messages`, { text: `I want to talk to a person about ${values.mark}` }, who)
    expect(second.body.route).toBe('handoff')
    const hid = second.body.handoff.id as string
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${hid}/claim`, undefined, as(agent))).status).toBe(200)
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${hid}/reply`, { text: `Looking into order ${values.mark} now.` }, as(agent))).status).toBe(201)
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${hid}/notes`, { text: `${values.mark}: customer gave ${values.phone} and ${values.email}` }, as(agent))).status).toBe(201)
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${hid}/resolve`, undefined, as(agent))).status).toBe(200)
    const rated = await call(t.app, 'POST', `/v1/conversations/${cid}/feedback`, { rating: 4, comment: `fine, ${values.mark}, write to ${values.email}` }, who)
    expect(rated.status).toBe(201)
    return cid
  }

  const alice = { mark: marker(), phone: phone(), id: cnId(), email: email() }
  const bob = { mark: marker(), phone: phone(), id: cnId(), email: email() }
  const aliceId = `cust-${alice.mark}`
  const bobId = `cust-${bob.mark}`
  let aliceConversation: string

  beforeAll(async () => {
    t = await createTestApp(driver, ENV)
    admin = (await createStaff(t.deps.db, 'demo', 'Ada', 'admin')).token
    agent = (await createStaff(t.deps.db, 'demo', 'Al', 'agent')).token
    aliceConversation = await customerStory(aliceId, alice)
    await customerStory(bobId, bob)
  })
  afterAll(async () => t?.close())

  it('stores the story everywhere, with PII found by the compliance check sealed rather than in clear', async () => {
    const dump = await dumpDatabase(t.deps.db)
    expect(dump).toContain(alice.mark)
    // The masked transcript and sealed compliance spans hold no ID number; only staff/customer free text has the rest.
    expect(dump).not.toContain(alice.id)
    expect(dump).toMatch(/⟦enc:k1:/)
  })

  it('exports everything held about the customer, decrypted, as streamed JSON', async () => {
    const res = await t.app.request(`/v1/privacy/customers/visitor:${aliceId}/export`, { headers: as(admin) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const text = await res.text()
    for (const v of Object.values(alice)) expect(text).toContain(v)
    expect(text).not.toContain(bob.mark)
    expect(text).not.toContain('⟦enc:')
    const doc = JSON.parse(text)
    // Sent without a key, the id is a visitor's (src/http/middleware/identity).
    expect(doc.customer_id).toBe(`visitor:${aliceId}`)
    expect(doc.conversations).toHaveLength(1)
    const [c] = doc.conversations
    expect(c.conversation.id).toBe(aliceConversation)
    expect(c.messages.map((m: { role: string }) => m.role)).toEqual(expect.arrayContaining(['customer', 'bot', 'agent', 'system']))
    expect(c.turns.length).toBe(2)
    expect(c.turns[0].compliance.some((d: { category: string }) => d.category === 'pii')).toBe(true)
    expect(c.handoffs[0].packet.summary).toContain(alice.mark)
    expect(c.handoff_activity.some((a: { kind: string; text: string }) => a.kind === 'note' && a.text.includes(alice.phone))).toBe(true)
    // The comment was stored with the customer's e-mail masked, as their messages are.
    expect(c.handoff_feedback[0].comment).toBe(`fine, ${alice.mark}, write to [EMAIL]`)
    expect(doc.other.idempotency_keys).toHaveLength(1)
  })

  it('erases every trace of the customer, keeps KPI rows stripped of text, and leaves other customers alone', async () => {
    const turnIds = await t.deps.db.select({ id: turns.id }).from(turns).where(inArray(turns.conversationId, [aliceConversation]))
    const res = await call(t.app, 'POST', `/v1/privacy/customers/visitor:${aliceId}/erase`, undefined, as(admin))
    expect(res.status).toBe(200)
    expect(res.body.conversations).toBe(1)
    expect(res.body.tables.messages.deleted).toBeGreaterThanOrEqual(5)
    expect(res.body.tables.turns.scrubbed).toBe(1) // the one turn with compliance decisions
    expect(res.body.customer_hash).toMatch(/^sha256:[0-9a-f]{64}$/)

    const dump = await dumpDatabase(t.deps.db)
    for (const v of [...Object.values(alice), aliceId]) expect(dump).not.toContain(v)
    // Bob is untouched.
    expect(dump).toContain(bob.mark)
    // KPIs: the turns stay, without the compliance spans.
    const kept = await t.deps.db.select({ id: turns.id, compliance: turns.compliance, intent: turns.intent }).from(turns).where(inArray(turns.conversationId, [aliceConversation]))
    expect(kept.map((r) => r.id).sort()).toEqual(turnIds.map((r) => r.id).sort())
    expect(JSON.stringify(kept)).not.toContain('spans')

    const exported = await call(t.app, 'GET', `/v1/privacy/customers/visitor:${aliceId}/export`, undefined, as(admin))
    expect(exported.status).toBe(404)
  })

  it('erasing again is harmless and changes nothing; both requests are audited under a salted hash', async () => {
    const before = await dumpDatabase(t.deps.db)
    const res = await call(t.app, 'POST', `/v1/privacy/customers/visitor:${aliceId}/erase`, undefined, as(admin))
    expect(res.status).toBe(200)
    expect(res.body.conversations).toBe(0)
    for (const counts of Object.values(res.body.tables) as Array<{ deleted: number; scrubbed: number }>) expect(counts).toEqual({ deleted: 0, scrubbed: 0 })
    const after = await dumpDatabase(t.deps.db)
    // Only the new audit record differs.
    expect(after.split('\n').filter((l) => !before.includes(l)).every((l) => l.includes('customer.erase'))).toBe(true)

    const audit = await call(t.app, 'GET', '/v1/audit?action=customer.erase', undefined, as(admin))
    expect(audit.body.records).toHaveLength(2)
    expect(audit.body.records[0].object).toEqual({ type: 'customer', id: res.body.customer_hash })
    expect(JSON.stringify(audit.body)).not.toContain(aliceId)
  })

  it('refuses non-admins and malformed customer ids', async () => {
    expect((await call(t.app, 'POST', `/v1/privacy/customers/visitor:${bobId}/erase`, undefined, as(agent))).status).toBe(403)
    expect((await call(t.app, 'GET', `/v1/privacy/customers/visitor:${bobId}/export`)).status).toBe(401)
    const bad = await call(t.app, 'GET', `/v1/privacy/customers/${encodeURIComponent('no spaces allowed')}/export`, undefined, as(admin))
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
  })
})

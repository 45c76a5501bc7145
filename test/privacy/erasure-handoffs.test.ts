import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, inArray, isNotNull } from 'drizzle-orm'
import { createStaff } from '../../src/auth/credentials.js'
import { conversations, handoffActivity, handoffs, messages } from '../../src/db/schema/index.js'
import { addNote } from '../../src/handoff/actions.js'
import { claimHandoff, claimNext } from '../../src/handoff/queue.js'
import { eraseCustomer } from '../../src/privacy/erase.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'
import { agent, queueDeps, waitingHandoff } from '../handoff/fixtures.js'
import { dumpDatabase, keySpec, marker, SALT } from './helpers.js'

const ENV = { RATE_LIMIT_ENABLED: 'false', PRIVACY_KEYS: keySpec('k1'), PRIVACY_HASH_SALT: SALT }

describe.each(DRIVERS)('erasing a customer with open handoffs, over HTTP, on %s', (driver) => {
  let t: TestApp
  let admin: string
  let ann: string
  let lead: { id: string; token: string }
  const as = (token: string) => ({ authorization: `Bearer ${token}` })

  async function startHandoff(customerId: string) {
    const who = { 'x-customer-id': customerId }
    const conversation = await call(t.app, 'POST', '/v1/conversations', undefined, who)
    const reply = await call(t.app, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text: 'I want to talk to a person' }, who)
    expect(reply.body.route).toBe('handoff')
    return { conversationId: conversation.body.id as string, handoffId: reply.body.handoff.id as string }
  }

  beforeAll(async () => {
    t = await createTestApp(driver, ENV)
    admin = (await createStaff(t.deps.db, 'demo', 'Ada', 'admin')).token
    ann = (await createStaff(t.deps.db, 'demo', 'Ann', 'agent')).token
    lead = await createStaff(t.deps.db, 'demo', 'Lee', 'supervisor')
  })
  afterAll(async () => t?.close())

  it('closes the customer’s claimed and waiting handoffs and refuses every agent action with 410, storing nothing', async () => {
    const customerId = `cust-${marker()}`
    const claimed = await startHandoff(customerId)
    const waiting = await startHandoff(customerId)
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${claimed.handoffId}/claim`, undefined, as(ann))).status).toBe(200)

    expect((await call(t.app, 'POST', `/v1/privacy/customers/visitor:${customerId}/erase`, undefined, as(admin))).status).toBe(200)

    const open = await call(t.app, 'GET', '/v1/agent/handoffs?state=open', undefined, as(ann))
    expect(open.body.handoffs.map((h: { id: string }) => h.id)).not.toContain(claimed.handoffId)
    expect(open.body.handoffs.map((h: { id: string }) => h.id)).not.toContain(waiting.handoffId)
    const ids = [claimed.handoffId, waiting.handoffId]
    const rows = await t.deps.db.select({ state: handoffs.state }).from(handoffs).where(inArray(handoffs.id, ids))
    expect(rows.map((r) => r.state)).toEqual(['returned', 'returned'])
    const statuses = await t.deps.db.select({ status: conversations.status }).from(conversations).where(inArray(conversations.id, [claimed.conversationId, waiting.conversationId]))
    expect(statuses.map((r) => r.status)).toEqual(['closed', 'closed'])

    const late = marker()
    for (const { handoffId } of [claimed, waiting]) {
      const attempts: Array<[string, unknown, string]> = [
        ['reply', { text: `Are you still there? ${late}` }, ann],
        ['notes', { text: `Customer asked to be forgotten ${late}` }, ann],
        ['claim', undefined, ann],
        ['renew', undefined, ann],
        ['transfer', { to: 'agent', staff_id: lead.id }, lead.token],
        ['resolve', undefined, lead.token],
        ['return', undefined, lead.token],
      ]
      for (const [action, body, token] of attempts) {
        const res = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/${action}`, body, as(token))
        expect([action, res.status]).toEqual([action, 410])
        expect(res.headers.get('content-type')).toMatch(/problem\+json/)
        expect(res.body.detail).toMatch(/erased/)
      }
    }
    const stored = await t.deps.db.select({ id: messages.id }).from(messages).where(inArray(messages.conversationId, [claimed.conversationId, waiting.conversationId]))
    expect(stored).toEqual([])
    const texts = await t.deps.db.select({ id: handoffActivity.id }).from(handoffActivity).where(and(inArray(handoffActivity.handoffId, ids), isNotNull(handoffActivity.text)))
    expect(texts).toEqual([])
    expect(await dumpDatabase(t.deps.db)).not.toContain(late)
  })
})

describe.each(DRIVERS)('erasing a customer with open handoffs, on the queue, on %s', (driver) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openTestDatabase(driver)
  })
  afterAll(async () => database?.dispose())

  it('publishes the returned event without the customer’s words; the handoff never comes back to the queue', async () => {
    const deps = queueDeps(database.db)
    const tenant = 'erase-queue'
    const text = `Please call me back ${marker()}`
    const held = await waitingHandoff(database.db, tenant, { text })
    const free = await waitingHandoff(database.db, tenant, { text })
    const a = await agent(database.db, tenant, 'a')
    await claimHandoff(deps, a, held.id)
    deps.seen.length = 0

    await eraseCustomer({ db: database.db, batchSize: 100, events: deps.events }, tenant, 'c1')

    const returned = deps.seen.filter((e) => e.type === 'handoff.returned')
    expect(returned.map((e) => (e.data.handoff as { id: string }).id).sort()).toEqual([held.id, free.id].sort())
    for (const e of returned) {
      expect(e.data).toMatchObject({ reason: 'customer_erased', handoff: { state: 'returned', summary: null, last_message: null } })
    }
    expect(JSON.stringify(deps.seen)).not.toContain(text)
    expect(await claimNext(deps, a)).toBeNull()
    await expect(addNote(deps, a, held.id, 'one more thing')).rejects.toMatchObject({ problem: { status: 410 } })
    const [row] = await database.db.select().from(handoffs).where(eq(handoffs.id, held.id))
    expect(row).toMatchObject({ state: 'returned', leaseExpiresAt: null })
    expect(row.returnedAt).not.toBeNull()

    // Erasing again finds nothing to close and announces nothing.
    deps.seen.length = 0
    await eraseCustomer({ db: database.db, batchSize: 100, events: deps.events }, tenant, 'c1')
    expect(deps.seen).toEqual([])
  })
})

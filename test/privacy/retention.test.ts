import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { answerFeedback, conversationPrivacy, conversations, handoffActivity, handoffFeedback, handoffs, idempotencyKeys, messages, turns } from '../../src/db/schema/index.js'
import { kpiTotals } from '../../src/privacy/kpi.js'
import { purge } from '../../src/privacy/retention.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { dumpDatabase, keySpec, SALT } from './helpers.js'

const DAY = 24 * 60 * 60 * 1000
const MINUTE = 60 * 1000
const NOTICE = { en: 'Acme keeps chats for 30 days.', zh: 'Acme 保存对话30天。' }
const ENV = {
  RATE_LIMIT_ENABLED: 'false',
  PRIVACY_KEYS: keySpec('k1'),
  PRIVACY_HASH_SALT: SALT,
  PRIVACY_RETENTION: JSON.stringify({ tenants: { acme: { transcriptDays: 30, handoffDays: 60 } } }),
  PRIVACY_NOTICE: JSON.stringify({ tenants: { acme: NOTICE } }),
  PRIVACY_EPHEMERAL_MINUTES: '60',
}

describe.each(DRIVERS)('retention on %s', (driver) => {
  let t: TestApp
  const now = new Date()
  const ago = (ms: number) => new Date(now.getTime() - ms)

  /** One conversation with a row in every retained table, all at `when` (handoff rows at `handoffWhen`). */
  async function history(tenantId: string, label: string, when: Date, handoffWhen: Date) {
    const db = t.deps.db
    const conversationId = `${label}-${crypto.randomUUID()}`
    const handoffId = crypto.randomUUID()
    await db.transaction(async (tx) => {
      await tx.insert(conversations).values({ id: conversationId, tenantId, customerId: `cust-${label}`, status: 'closed', lastSeq: 1, createdAt: when, updatedAt: when })
      await tx.insert(conversationPrivacy).values({ conversationId, tenantId, noticeVersion: 'n-test', createdAt: when })
      await tx.insert(messages).values({ id: crypto.randomUUID(), tenantId, conversationId, seq: 1, role: 'customer', text: `text of ${label}`, createdAt: when })
      await tx.insert(turns).values({ id: crypto.randomUUID(), tenantId, conversationId, customerMessageId: 'm', intent: 'returns', route: 'handoff', sentiment: 'negative', sentimentScore: -0.5, confidence: 0.4, latencyMs: 120, createdAt: when })
      await tx.insert(idempotencyKeys).values({ tenantId, customerId: `cust-${label}`, key: label, requestHash: 'h', status: 200, response: `{"label":"${label}"}`, createdAt: when })
      await tx.insert(handoffs).values({ id: handoffId, tenantId, conversationId, reason: 'customer_requested_human', state: 'resolved', packet: { summary: `packet of ${label}` }, timeToFirstReplyMs: 5000, createdAt: handoffWhen, updatedAt: handoffWhen })
      await tx.insert(handoffActivity).values({ id: crypto.randomUUID(), tenantId, handoffId, kind: 'note', text: `note of ${label}`, createdAt: handoffWhen })
      await tx.insert(handoffFeedback).values({ id: crypto.randomUUID(), tenantId, handoffId, conversationId, rating: 5, comment: `comment of ${label}`, createdAt: handoffWhen })
      await tx.insert(answerFeedback).values({ id: crypto.randomUUID(), tenantId, conversationId, messageId: crypto.randomUUID(), helpful: true, comment: `vote of ${label}`, createdAt: handoffWhen, updatedAt: handoffWhen })
    })
    return conversationId
  }

  beforeAll(async () => {
    t = await createTestApp(driver, ENV)
    // acme: transcripts 30 days, handoffs 60 days. demo: the defaults (180 / 365).
    await history('acme', 'acme-out', ago(30 * DAY + MINUTE), ago(60 * DAY + MINUTE))
    await history('acme', 'acme-in', ago(30 * DAY - MINUTE), ago(60 * DAY - MINUTE))
    await history('demo', 'demo-in', ago(30 * DAY + MINUTE), ago(60 * DAY + MINUTE))
    await history('demo', 'demo-out', ago(180 * DAY + MINUTE), ago(365 * DAY + MINUTE))
    await t.deps.db.execute(sql`INSERT INTO tenants (id, name) VALUES ('acme', 'Acme') ON CONFLICT DO NOTHING`)
  })
  afterAll(async () => t?.close())

  const deps = () => ({ db: t.deps.db, config: t.deps.config })

  it('a dry run reports what would go and changes nothing', async () => {
    const before = await dumpDatabase(t.deps.db)
    const report = await purge(deps(), { now, dryRun: true })
    expect(await dumpDatabase(t.deps.db)).toBe(before)
    const acme = report.tenants.find((r) => r.tenantId === 'acme')!
    expect(acme.policy).toMatchObject({ transcriptDays: 30, handoffDays: 60 })
    expect(acme.tables).toMatchObject({ messages: 1, turns: 1, handoffs: 1, handoff_activity: 1, handoff_feedback: 1, answer_feedback: 1, idempotency_keys: 1, conversations: 1 })
    expect(report.tenants.find((r) => r.tenantId === 'demo')!.tables).toMatchObject({ messages: 1, turns: 1, handoffs: 1, conversations: 1 })
  })

  it('removes rows just outside their window, keeps rows just inside, and KPI totals do not change', async () => {
    const kpiBefore = { acme: await kpiTotals(t.deps.db, 'acme'), demo: await kpiTotals(t.deps.db, 'demo') }
    expect(kpiBefore.acme['turns|handoff:returns']).toEqual({ n: 2, total: 240 })
    expect(kpiBefore.acme['answer_feedback|']).toEqual({ n: 2, total: 2 })

    const report = await purge(deps(), { now })
    expect(report.tenants.find((r) => r.tenantId === 'acme')!.tables).toMatchObject({ messages: 1, turns: 1, handoffs: 1, handoff_activity: 1, handoff_feedback: 1, answer_feedback: 1, idempotency_keys: 1, conversations: 1, conversation_privacy: 1 })

    const dump = await dumpDatabase(t.deps.db)
    for (const gone of ['acme-out', 'demo-out']) expect(dump).not.toContain(`of ${gone}`)
    for (const kept of ['acme-in', 'demo-in']) {
      for (const what of ['text', 'packet', 'note', 'comment', 'vote']) expect(dump).toContain(`${what} of ${kept}`)
    }
    expect(await kpiTotals(t.deps.db, 'acme')).toEqual(kpiBefore.acme)
    expect(await kpiTotals(t.deps.db, 'demo')).toEqual(kpiBefore.demo)

    // Nothing left to do: a second purge removes nothing.
    const again = await purge(deps(), { now })
    for (const tenant of again.tenants) expect(Object.values(tenant.tables).every((n) => n === 0)).toBe(true)
  })

  it('purges in bounded batches', async () => {
    for (let i = 0; i < 5; i++) await history('acme', `batch${i}`, ago(31 * DAY), ago(61 * DAY))
    const report = await purge({ db: t.deps.db, config: { ...t.deps.config, PRIVACY_BATCH_SIZE: 2 } }, { now, tenantIds: ['acme'] })
    expect(report.tenants[0].tables.messages).toBe(5)
    expect(report.tenants[0].tables.turns).toBe(5)
    expect(await dumpDatabase(t.deps.db)).not.toMatch(/of batch\d/)
  })

  it('returns the tenant privacy notice when a conversation starts and records which one was shown', async () => {
    const res = await call(t.app, 'POST', '/v1/conversations', { lang: 'zh' }, { 'x-customer-id': 'notice-1' })
    expect(res.status).toBe(201)
    expect(res.body.privacy.retain).toBe(true)
    expect(res.body.privacy.notice.zh).toMatch(/保存|记录/)
    expect(res.body.privacy.notice.en).toBeUndefined()
    const both = await call(t.app, 'POST', '/v1/conversations', undefined, { 'x-customer-id': 'notice-1' })
    expect(Object.keys(both.body.privacy.notice).sort()).toEqual(['en', 'zh'])
    const [row] = await t.deps.db.select().from(conversationPrivacy).where(eq(conversationPrivacy.conversationId, res.body.id))
    expect(row.noticeVersion).toBe(res.body.privacy.notice_version)
    // The transcript says which choices the conversation started with, for a client that reloads.
    const kept = await call(t.app, 'GET', `/v1/conversations/${res.body.id}`, undefined, { 'x-customer-id': 'notice-1' })
    expect(kept.body.privacy).toEqual({ retain: true, notice_version: res.body.privacy.notice_version })
    const ephemeral = await call(t.app, 'POST', '/v1/conversations', { retain: false }, { 'x-customer-id': 'notice-1' })
    const read = await call(t.app, 'GET', `/v1/conversations/${ephemeral.body.id}`, undefined, { 'x-customer-id': 'notice-1' })
    expect(read.body.privacy.retain).toBe(false)
    const bad = await call(t.app, 'POST', '/v1/conversations', { retain: 'no' }, { 'x-customer-id': 'notice-1' })
    expect(bad.status).toBe(422)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
  })

  it('honours retain:false: the transcript goes once the conversation closes or idles, the KPI row stays', async () => {
    const who = { 'x-customer-id': 'ephemeral-1' }
    const start = async (retain: boolean) => {
      const c = await call(t.app, 'POST', '/v1/conversations', { retain }, who)
      expect(c.body.privacy.retain).toBe(retain)
      expect((await call(t.app, 'POST', `/v1/conversations/${c.body.id}/messages`, { text: `how do I return an item? (${retain})` }, who)).status).toBe(200)
      return c.body.id as string
    }
    const closed = await start(false)
    const idle = await start(false)
    const active = await start(false)
    const kept = await start(true)
    await t.deps.db.update(conversations).set({ status: 'closed' }).where(sql`${conversations.id} IN (${closed}, ${kept})`)
    await t.deps.db.update(conversations).set({ updatedAt: new Date(Date.now() - 61 * MINUTE) }).where(eq(conversations.id, idle))

    const dry = await purge(deps(), { dryRun: true, tenantIds: ['demo'] })
    expect(dry.tenants[0].ephemeral).toBe(2)
    const report = await purge(deps(), { tenantIds: ['demo'] })
    expect(report.tenants[0].ephemeral).toBe(2)

    const count = async (id: string) => (await t.deps.db.select().from(messages).where(eq(messages.conversationId, id))).length
    expect(await count(closed)).toBe(0)
    expect(await count(idle)).toBe(0)
    expect(await count(active)).toBeGreaterThan(0)
    expect(await count(kept)).toBeGreaterThan(0)
    expect((await t.deps.db.select().from(turns).where(eq(turns.conversationId, closed))).length).toBe(1)
    // Already done: the next run has nothing to do for them.
    expect((await purge(deps(), { tenantIds: ['demo'] })).tenants[0].ephemeral).toBe(0)
  })
})

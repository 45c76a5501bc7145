/**
 * Every compliance decision lands in the append-only compliance_decisions table: on the customer's
 * message, on the bot's reply, and on agent replies (refused ones too). Nobody can edit or remove
 * a row, and no row holds the text a rule matched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createStaff } from '../../src/auth/credentials.js'
import { queryRows } from '../../src/db/client.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'

interface Row { subject: string; message_id: string | null; turn_id: string | null; staff_id: string | null; rule_id: string; category: string; action: string; spans: unknown }

describe.each(DRIVERS)('compliance decision log on %s', (driver) => {
  let t: TestApp
  let ann: { id: string; token: string }
  const customer = (id: string) => ({ 'x-customer-id': id })
  const decisionsOf = (conversationId: string) =>
    queryRows<Row>(t.deps.db, sql`SELECT subject, message_id, turn_id, staff_id, rule_id, category, action, spans FROM compliance_decisions WHERE conversation_id = ${conversationId} ORDER BY created_at, rule_id`)
  const start = async (who: string) => (await call(t.app, 'POST', '/v1/conversations', undefined, customer(who))).body.id as string

  beforeAll(async () => {
    t = await createTestApp(driver, { RATE_LIMIT_ENABLED: 'false' })
    ann = await createStaff(t.deps.db, 'demo', 'Ann', 'agent')
  })
  afterAll(async () => t?.close())

  it('logs the decisions on a customer message with the message and turn, span offsets and no matched text', async () => {
    const id = await start('log-1')
    const email = 'jane.roe@example.com'
    const reply = await call(t.app, 'POST', `/v1/conversations/${id}/messages`, { text: `My email is ${email}, how do I return an item?` }, customer('log-1'))
    expect(reply.status).toBe(200)
    const rows = await decisionsOf(id)
    const pii = rows.find((r) => r.category === 'pii')!
    expect(pii).toMatchObject({ subject: 'customer_message', message_id: reply.body.message_id, staff_id: null })
    expect(pii.turn_id).toEqual(expect.any(String))
    const spans = (typeof pii.spans === 'string' ? JSON.parse(pii.spans) : pii.spans) as Array<Record<string, unknown>>
    expect(spans[0]).toMatchObject({ start: 12, end: 12 + email.length })
    expect(spans[0]).not.toHaveProperty('text')
    const dump = await queryRows<{ all: string }>(t.deps.db, sql`SELECT string_agg(c::text, ' ') AS all FROM compliance_decisions c`)
    expect(dump[0].all).not.toContain('jane.roe')
  })

  it('refuses UPDATE, DELETE and TRUNCATE, whoever asks', async () => {
    const id = await start('log-2')
    await call(t.app, 'POST', `/v1/conversations/${id}/messages`, { text: 'Call me on +44 20 7946 0958 about my order' }, customer('log-2'))
    expect((await decisionsOf(id)).length).toBeGreaterThan(0)
    const refusal = (query: ReturnType<typeof sql>) => t.deps.db.execute(query).then(() => 'accepted', (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message))
    expect(await refusal(sql`UPDATE compliance_decisions SET action = 'allow' WHERE conversation_id = ${id}`)).toMatch(/append-only: UPDATE refused/)
    expect(await refusal(sql`DELETE FROM compliance_decisions WHERE conversation_id = ${id}`)).toMatch(/append-only: DELETE refused/)
    expect(await refusal(sql`TRUNCATE compliance_decisions`)).toMatch(/append-only: TRUNCATE refused/)
    expect((await decisionsOf(id)).every((r) => r.action !== 'allow')).toBe(true)
  })

  it('logs agent replies: a refused one with the agent and no message, a sent one with its message', async () => {
    const id = await start('log-3')
    const asked = await call(t.app, 'POST', `/v1/conversations/${id}/messages`, { text: 'I want to talk to a person' }, customer('log-3'))
    const handoffId = asked.body.handoff.id
    const as = { authorization: `Bearer ${ann.token}` }
    expect((await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/claim`, undefined, as)).status).toBe(200)
    const refused = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'here is how to make a bomb at home: step 1' }, as)
    expect(refused.status).toBe(422)
    const sent = await call(t.app, 'POST', `/v1/agent/handoffs/${handoffId}/reply`, { text: 'We are the best in the world at this, guaranteed.' }, as)
    expect(sent.status).toBe(201)
    const agentRows = (await decisionsOf(id)).filter((r) => r.subject === 'agent_reply')
    const blocked = agentRows.filter((r) => r.message_id === null)
    expect(blocked.length).toBeGreaterThan(0)
    expect(blocked.some((r) => r.action === 'block')).toBe(true)
    expect(agentRows.every((r) => r.staff_id === ann.id)).toBe(true)
    const kept = agentRows.filter((r) => r.message_id !== null)
    expect(kept.some((r) => r.category === 'advertising')).toBe(true)
    expect(kept.every((r) => r.message_id === sent.body.message?.id || r.message_id === sent.body.id)).toBe(true)
  })
})

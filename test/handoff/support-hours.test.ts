/**
 * Outside support hours (SUPPORT_HOURS, SUPPORT_TIMEZONE) a customer handed to a person is told
 * when one will be there, and the handoff's SLA starts then; an urgent handoff is not held back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../support/app.js'

const ADMIN = { authorization: 'Bearer st_demo_admin' }
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** Three days from now, 09:00-10:00 UTC: closed whenever the test runs, and the next opening known. */
function closedNow() {
  const opening = new Date()
  opening.setUTCDate(opening.getUTCDate() + 3)
  opening.setUTCHours(9, 0, 0, 0)
  return { spec: `${DAYS[opening.getUTCDay()]} 09:00-10:00`, opening }
}

describe('support hours', () => {
  const { spec, opening } = closedNow()
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('pglite', { RATE_LIMIT_ENABLED: 'false', SUPPORT_HOURS: spec, SUPPORT_TIMEZONE: 'UTC' })
  })
  afterAll(() => t?.close())

  async function handOff(text: string, customer: string) {
    const who = { 'x-customer-id': customer }
    const conversation = await call(t.app, 'POST', '/v1/conversations', {}, who)
    const reply = await call(t.app, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text }, who)
    expect(reply.body.route).toBe('handoff')
    const handoff = await call(t.app, 'GET', `/v1/agent/handoffs/${reply.body.handoff.id}`, undefined, ADMIN)
    return { reply: reply.body, handoff: handoff.body }
  }

  it('tells the customer when a person will reply, in their language, and starts the SLA then', async () => {
    const en = await handOff('I want to talk to a person', 'hours-en')
    const day = opening.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })
    expect(en.reply.message).toContain(`They are away right now; a person will reply here from ${day} 09:00 (UTC)`)
    expect(en.reply.handoff).toMatchObject({ priority: 'normal', available_from: opening.toISOString() })
    expect(en.handoff.sla_due_at).toBe(new Date(opening.getTime() + 10 * 60_000).toISOString())

    const zh = await handOff('我要转人工客服', 'hours-zh')
    expect(zh.reply.message).toContain(`现在是非工作时间，客服人员将于${opening.toLocaleDateString('zh-CN', { weekday: 'long', timeZone: 'UTC' })} 09:00（UTC）起在这里回复您`)
  })

  it("tells agents, with the queue, that the team is away and what customers are told", async () => {
    const queue = await call(t.app, 'GET', '/v1/agent/handoffs', undefined, ADMIN)
    const day = opening.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })
    expect(queue.body.support_hours).toEqual({ open: false, next_opening: opening.toISOString(), opens: `${day} 09:00 (UTC)` })
  })

  it('does not hold back an urgent handoff: its SLA runs now and its reply is the safe one', async () => {
    const urgent = await handOff('I want to end my life', 'hours-urgent')
    expect(urgent.reply.handoff.priority).toBe('urgent')
    expect(urgent.reply.handoff.available_from).toBeUndefined()
    expect(urgent.reply.message).not.toContain('away')
    expect(new Date(urgent.handoff.sla_due_at).getTime() - new Date(urgent.handoff.created_at).getTime()).toBeLessThan(5.1 * 60_000)
  })
})

describe('without support hours', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('pglite', { RATE_LIMIT_ENABLED: 'false' })
  })
  afterAll(() => t?.close())

  it('hands off as always staffed', async () => {
    const conversation = await call(t.app, 'POST', '/v1/conversations', {})
    const reply = await call(t.app, 'POST', `/v1/conversations/${conversation.body.id}/messages`, { text: 'I want to talk to a person' })
    expect(reply.body.message).toBe("I'm passing this conversation to a member of our support team. A person will reply here shortly; you can keep writing in the meantime.")
    expect(reply.body.handoff.available_from).toBeUndefined()
    expect((await call(t.app, 'GET', '/v1/agent/handoffs', undefined, { authorization: 'Bearer st_demo_admin' })).body.support_hours).toBeNull()
  })
})

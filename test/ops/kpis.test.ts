/**
 * KPIs from stored data, on both drivers: a small, hand-computed set of conversations over two
 * days (resolved by the bot, reopened, handed off and rated, breached SLAs, complaints,
 * compliance decisions, answers voted helpful or not) and what GET /v1/analytics/summary reports for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff, createTenant } from '../../src/auth/credentials.js'
import { answerFeedback, kpiDaily } from '../../src/db/schema/index.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { seedConversation } from './seed.js'

const T = 't-kpi'
const PII = { stage: 'input', ruleId: 'pii.email', action: 'redact' }
const AD = { stage: 'output', ruleId: 'advertising.absolute', action: 'rewrite' }

async function seed(db: TestApp['deps']['db']) {
  await createTenant(db, T)
  // Day 1. A: answered, never back. B then C: Bob returns within 24 h (B is reopened); C hands off, resolved, rated 5.
  const a = await seedConversation(db, T, { customerId: 'alice', at: '2024-03-01T10:00:00Z', turns: [{ at: '2024-03-01T10:00:01Z', intent: 'order_status', route: 'answer', latencyMs: 100, sentiment: 0.2 }] })
  const b = await seedConversation(db, T, { customerId: 'bob', at: '2024-03-01T11:00:00Z', turns: [{ at: '2024-03-01T11:00:01Z', intent: 'return_item', route: 'answer', latencyMs: 300 }] })
  await seedConversation(db, T, {
    customerId: 'bob', at: '2024-03-01T11:30:00Z',
    turns: [{ at: '2024-03-01T11:30:01Z', intent: 'return_item', route: 'handoff', reasons: ['low_retrieval_score'], latencyMs: 200 }],
    handoff: { reason: 'low_retrieval_score', state: 'resolved', at: '2024-03-01T11:30:01Z', slaDueAt: '2024-03-01T11:40:01Z', firstReplyAt: '2024-03-01T11:31:01Z', resolvedAt: '2024-03-01T11:35:00Z', rating: 5 },
  })
  // D: a complaint (intent and very negative), its reply came after the SLA deadline, rated 2.
  await seedConversation(db, T, {
    customerId: 'carol', at: '2024-03-01T12:00:00Z',
    turns: [{ at: '2024-03-01T12:00:01Z', intent: 'complaint', route: 'handoff', reasons: ['intent_routed_to_handoff'], latencyMs: 400, sentiment: -0.9, compliance: [PII] }],
    handoff: { reason: 'intent_routed_to_handoff', state: 'resolved', at: '2024-03-01T12:00:01Z', slaDueAt: '2024-03-01T12:05:01Z', firstReplyAt: '2024-03-01T12:10:01Z', resolvedAt: '2024-03-01T12:20:00Z', rating: 2 },
  })
  // Day 2. E: anonymous, answered twice. F: waiting for a person past its deadline. G: answered, mildly negative.
  const e = await seedConversation(db, T, {
    customerId: 'anonymous', at: '2024-03-02T09:00:00Z',
    turns: [{ at: '2024-03-02T09:00:01Z', intent: 'order_status', route: 'answer', latencyMs: 500 }, { at: '2024-03-02T09:01:00Z', intent: 'thanks', route: 'answer', latencyMs: 50 }],
  })
  await seedConversation(db, T, {
    customerId: 'dave', at: '2024-03-02T10:00:00Z',
    turns: [{ at: '2024-03-02T10:00:01Z', intent: 'return_item', route: 'handoff', reasons: ['customer_requested_human'], latencyMs: 100 }],
    handoff: { reason: 'customer_requested_human', state: 'waiting', at: '2024-03-02T10:00:01Z', slaDueAt: '2024-03-02T10:05:01Z' },
  })
  const g = await seedConversation(db, T, {
    customerId: 'erin', at: '2024-03-02T10:30:00Z',
    turns: [{ at: '2024-03-02T10:30:01Z', intent: 'order_status', route: 'answer', latencyMs: 250, sentiment: -0.5, compliance: [AD, PII] }],
  })
  // Not counted: a conversation without turns, one outside the range, another tenant's.
  await seedConversation(db, T, { customerId: 'frank', at: '2024-03-02T11:00:00Z', turns: [] })
  await seedConversation(db, T, { customerId: 'gina', at: '2024-03-03T00:00:00Z', turns: [{ at: '2024-03-03T00:00:01Z', intent: 'complaint', route: 'answer' }] })
  await seedConversation(db, 'other', { customerId: 'alice', at: '2024-03-01T10:00:00Z', turns: [{ at: '2024-03-01T10:00:01Z', intent: 'complaint', route: 'answer' }] })
  // "Was this helpful?" votes, counted on the day the answer was first rated: A helpful and B not (day 1);
  // E's two answers, one each way, and G helpful (day 2, G's vote changed since); A's second vote falls outside the range.
  const vote = (conversationId: string, helpful: boolean, at: string, updatedAt = at) => ({
    id: crypto.randomUUID(), tenantId: T, conversationId, messageId: crypto.randomUUID(), helpful, createdAt: new Date(at), updatedAt: new Date(updatedAt),
  })
  await db.insert(answerFeedback).values([
    vote(a.id, true, '2024-03-01T10:01:00Z'),
    vote(b.id, false, '2024-03-01T11:01:00Z'),
    vote(e.id, true, '2024-03-02T09:00:30Z'),
    vote(e.id, false, '2024-03-02T09:01:30Z'),
    vote(g.id, true, '2024-03-02T10:31:00Z', '2024-03-04T08:00:00Z'),
    vote(a.id, false, '2024-03-03T08:00:00Z'),
    { ...vote(a.id, false, '2024-03-01T10:01:00Z'), tenantId: 'other' },
  ])
  // What retention already rolled up for these days (and one outside them).
  await db.insert(kpiDaily).values([
    { tenantId: T, day: '2024-03-01', metric: 'turns', key: 'answer:order_status', n: 10, total: 1000 },
    { tenantId: T, day: '2024-03-01', metric: 'handoffs', key: 'customer_requested_human', n: 2, total: 0 },
    { tenantId: T, day: '2024-03-02', metric: 'handoffs_sla_breached', key: 'normal', n: 1, total: 0 },
    { tenantId: T, day: '2024-03-02', metric: 'rating', key: '', n: 4, total: 18 },
    { tenantId: T, day: '2024-03-01', metric: 'answer_feedback', key: '', n: 5, total: 4 },
    { tenantId: T, day: '2024-02-01', metric: 'turns', key: 'answer:order_status', n: 99, total: 0 },
  ])
}

describe.each(DRIVERS)('KPI summary (%s)', (driver) => {
  let t: TestApp
  let supervisor: Record<string, string>
  let agent: Record<string, string>
  beforeAll(async () => {
    t = await createTestApp(driver, { ANALYTICS_CACHE_SECONDS: '300', EVAL_REPORT: '/nonexistent/evals' })
    await seed(t.deps.db)
    supervisor = { authorization: `Bearer ${(await createStaff(t.deps.db, T, 'Sue', 'supervisor')).token}` }
    agent = { authorization: `Bearer ${(await createStaff(t.deps.db, T, 'Al', 'agent')).token}` }
  })
  afterAll(() => t?.close())

  const summary = () => call(t.app, 'GET', '/v1/analytics/summary?from=2024-03-01&to=2024-03-02', undefined, supervisor)

  it('computes the totals from stored rows', async () => {
    const res = await summary()
    expect(res.status).toBe(200)
    const k = res.body.totals
    expect(res.body).toMatchObject({ tenant_id: T, from: '2024-03-01', to: '2024-03-02' })
    expect(k.conversations).toBe(7)
    // A, E, G: answered and never handed off; B was reopened by its customer within 24 h.
    expect([k.ai_resolved, k.ai_resolution_rate]).toEqual([3, 0.4286])
    // ... plus C and D, resolved by their one handoff.
    expect([k.first_contact_resolved, k.first_contact_resolution_rate]).toEqual([5, 0.7143])
    expect([k.handoffs, k.handoff_rate]).toEqual([3, 0.4286])
    expect(k.handoffs_by_reason).toEqual([
      { reason: 'customer_requested_human', count: 1, rate: 0.1429 },
      { reason: 'intent_routed_to_handoff', count: 1, rate: 0.1429 },
      { reason: 'low_retrieval_score', count: 1, rate: 0.1429 },
    ])
    // First replies 100,100,200,250,300,400,500 ms; people: 1 min and 10 min.
    expect(k.time_to_first_reply.bot).toEqual({ p50_ms: 250, p95_ms: 470, n: 7 })
    expect(k.time_to_first_reply.human).toEqual({ p50_ms: 330_000, p95_ms: 573_000, n: 2 })
    // D replied late, F still waits past its deadline.
    expect(k.sla_breaches).toBe(2)
    expect([k.csat, k.csat_responses, k.survey_response_rate]).toEqual([0.5, 2, 1])
    expect([k.complaints, k.complaint_rate]).toEqual([1, 0.1429])
    expect(k.compliance_actions).toEqual([
      { rule: 'pii.email', action: 'redact', count: 2 },
      { rule: 'advertising.absolute', action: 'rewrite', count: 1 },
    ])
    expect(k.answer_feedback).toEqual({ helpful: 3, not_helpful: 2, helpful_rate: 0.6 })
    expect(res.body.archived).toEqual({
      turns: 10, handoffs_by_reason: [{ reason: 'customer_requested_human', count: 2 }], sla_breaches: 1, ratings: 4, mean_rating: 4.5,
      answer_feedback: { helpful: 4, not_helpful: 1, helpful_rate: 0.8 },
    })
  })

  it('splits per day and per intent', async () => {
    const { body } = await summary()
    const day = Object.fromEntries(body.by_day.map((d: any) => [d.day, d]))
    expect(Object.keys(day)).toEqual(['2024-03-01', '2024-03-02'])
    expect(day['2024-03-01']).toMatchObject({ conversations: 4, ai_resolved: 1, first_contact_resolved: 3, handoffs: 2, complaints: 1, sla_breaches: 1, csat: 0.5 })
    expect(day['2024-03-02']).toMatchObject({ conversations: 3, ai_resolved: 2, first_contact_resolved: 2, handoffs: 1, complaints: 0, sla_breaches: 1, csat: null })
    expect(day['2024-03-02'].handoffs_by_reason).toEqual([{ reason: 'customer_requested_human', count: 1, rate: 0.3333 }])
    expect(day['2024-03-01'].answer_feedback).toEqual({ helpful: 1, not_helpful: 1, helpful_rate: 0.5 })
    expect(day['2024-03-02'].answer_feedback).toEqual({ helpful: 2, not_helpful: 1, helpful_rate: 0.6667 })
    const intent = Object.fromEntries(body.by_intent.map((i: any) => [i.intent, i]))
    expect(intent.order_status).toMatchObject({ conversations: 3, ai_resolved: 3, handoffs: 0 })
    expect(intent.return_item).toMatchObject({ conversations: 3, ai_resolved: 0, handoffs: 2, handoff_rate: 0.6667 })
    expect(intent.complaint).toMatchObject({ conversations: 1, complaints: 1, complaint_rate: 1, handoffs: 1 })
    expect(intent.complaint.compliance_actions).toEqual([{ rule: 'pii.email', action: 'redact', count: 1 }])
    // Per the conversation's first intent: A, E (twice) and G are order_status, B return_item.
    expect(intent.order_status.answer_feedback).toEqual({ helpful: 3, not_helpful: 1, helpful_rate: 0.75 })
    expect(intent.return_item.answer_feedback).toEqual({ helpful: 0, not_helpful: 1, helpful_rate: 0 })
    expect(intent.complaint.answer_feedback).toEqual({ helpful: 0, not_helpful: 0, helpful_rate: null })
  })

  it('judges the totals against the targets, with "no eval report" when there is none', async () => {
    const { body } = await summary()
    const target = Object.fromEntries(body.targets.map((x: any) => [x.id, x]))
    expect(target.response_time).toMatchObject({ value: 470, target: 3000, status: 'met' })
    expect(target.first_contact_resolution).toMatchObject({ value: 0.7143, target: 0.85, status: 'missed' })
    expect(target.csat).toMatchObject({ value: 0.5, status: 'missed' })
    expect(target.complaint_rate).toMatchObject({ value: 0.1429, target: 0.005, status: 'missed' })
    expect(target.answer_accuracy).toMatchObject({ value: null, status: 'no_data', note: 'no eval report' })
    expect(body.eval_report).toBeNull()
  })

  it('serves from the per-tenant cache for the TTL (at most 5 minutes behind)', async () => {
    const first = await summary()
    await seedConversation(t.deps.db, T, { customerId: 'hal', at: '2024-03-02T12:00:00Z', turns: [{ at: '2024-03-02T12:00:01Z', intent: 'order_status', route: 'answer' }] })
    const second = await summary()
    expect(second.body.cached).toBe(true)
    expect(second.body.generated_at).toBe(first.body.generated_at)
    expect(second.body.max_staleness_seconds).toBe(300)
    expect(second.body.totals.conversations).toBe(7)
    // Another range is another cache entry, computed now.
    const wider = await call(t.app, 'GET', '/v1/analytics/summary?from=2024-02-28&to=2024-03-02', undefined, supervisor)
    expect(wider.body.cached).toBe(false)
    expect(wider.body.totals.conversations).toBe(8)
  })

  it('is for supervisors of the tenant only', async () => {
    expect((await call(t.app, 'GET', '/v1/analytics/summary')).status).toBe(401)
    const res = await call(t.app, 'GET', '/v1/analytics/summary', undefined, agent)
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    // Another tenant's supervisor sees only their tenant.
    const other = { authorization: `Bearer ${(await createStaff(t.deps.db, 'other', 'Olga', 'supervisor')).token}` }
    const theirs = await call(t.app, 'GET', '/v1/analytics/summary?from=2024-03-01&to=2024-03-02', undefined, other)
    expect(theirs.body.tenant_id).toBe('other')
    expect(theirs.body.totals.conversations).toBe(1)
  })

  it.each([
    ['from=2024-13-01', 'from'],
    ['from=2024-02-30', 'from'],
    ['from=yesterday', 'from'],
    ['from=2024-03-05&to=2024-03-01', 'from'],
    ['from=2020-01-01&to=2024-03-01', 'from'],
    ['from=9999-12-31&to=9999-12-31', 'to'],
    ['from=0000-01-01&to=0000-01-02', 'from'],
  ])('answers 422 problem+json for %s', async (query, path) => {
    const res = await call(t.app, 'GET', `/v1/analytics/summary?${query}`, undefined, supervisor)
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body.errors.map((e: any) => e.path)).toContain(path)
  })
})

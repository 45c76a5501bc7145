/**
 * /metrics (Prometheus text) and the structured logs, around real turns on both drivers:
 * request counts and latency per route pattern, stage timings, provider calls, queue depth;
 * one log line per request and, at debug, per stage with the same request id and masked text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createApp } from '../../src/app.js'
import { queryRows } from '../../src/db/client.js'
import { createStaff } from '../../src/auth/credentials.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { parseMetrics, sample } from './prometheus.js'

const EMAIL = 'jane.doe@example.com'

describe.each(DRIVERS)('metrics and logs (%s)', (driver) => {
  let t: TestApp
  let app: TestApp['app']
  const lines: Array<Record<string, any>> = []
  let requestId = ''
  beforeAll(async () => {
    t = await createTestApp(driver, { LOG_LEVEL: 'debug', METRICS_TOKEN: 'scrape-token-123' })
    // A second app on the same deps: its own registry and logger (nothing shared between apps).
    app = createApp(t.deps, { log: (line) => lines.push(JSON.parse(line)) })
    const conv = await call(app, 'POST', '/v1/conversations', {})
    const res = await call(app, 'POST', `/v1/conversations/${conv.body.id}/messages`, { text: `How do I return an item? Write to me at ${EMAIL}` })
    expect(res.status).toBe(200)
    requestId = res.headers.get('x-request-id')!
    await call(app, 'POST', `/v1/conversations/${conv.body.id}/messages`, { text: 'I want to talk to a person' })
    await call(app, 'GET', '/v1/conversations/does-not-exist')
  })
  afterAll(() => t?.close())

  const scrape = async (target = app) => {
    const res = await target.request('/metrics', { headers: { authorization: 'Bearer scrape-token-123' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    return parseMetrics(await res.text())
  }

  it('counts requests per route pattern and status, with latency histograms', async () => {
    const m = await scrape()
    expect(sample(m, 'parley_http_requests_total', { method: 'POST', route: '/v1/conversations/:id/messages', status: '200' })).toBe(2)
    expect(sample(m, 'parley_http_requests_total', { method: 'POST', route: '/v1/conversations', status: '201' })).toBe(1)
    expect(sample(m, 'parley_http_requests_total', { method: 'GET', route: '/v1/conversations/:id', status: '404' })).toBe(1)
    expect(sample(m, 'parley_http_request_duration_seconds_count', { method: 'POST', route: '/v1/conversations/:id/messages' })).toBe(2)
    const inf = sample(m, 'parley_http_request_duration_seconds_bucket', { method: 'POST', route: '/v1/conversations/:id/messages', le: '+Inf' })
    expect(inf).toBe(2)
    // No raw ids as labels.
    expect([...m.keys()].some((k) => k.includes('does-not-exist'))).toBe(false)
  })

  it('times every turn stage and counts provider calls', async () => {
    const m = await scrape()
    for (const stage of ['input_check', 'sentiment', 'intent', 'route', 'store']) {
      expect(sample(m, 'parley_turn_stage_duration_seconds_count', { stage })).toBe(2)
    }
    expect(sample(m, 'parley_turn_stage_duration_seconds_count', { stage: 'retrieval' })).toBeGreaterThanOrEqual(1)
    expect(sample(m, 'parley_provider_calls_total', { provider: 'local', call: 'sentiment' })).toBe(2)
    // One intent call per question, plus one per distinct passage re-ranked by intent agreement:
    // at least the passages kept, at most the whole re-ranking pool of each question.
    const rows = await queryRows<{ n: number }>(t.deps.db, sql`SELECT COUNT(DISTINCT r->>'chunkId')::int AS n FROM turns, jsonb_array_elements(retrieved) r`)
    const intentCalls = sample(m, 'parley_provider_calls_total', { provider: 'local', call: 'intent' })!
    expect(intentCalls).toBeGreaterThanOrEqual(2 + Number(rows[0].n))
    expect(intentCalls).toBeLessThanOrEqual(2 + 2 * t.deps.routing.intentRerankPool)
    expect(sample(m, 'parley_provider_calls_total', { provider: 'local', call: 'embed' })).toBeGreaterThanOrEqual(1)
    expect(sample(m, 'parley_provider_errors_total', { provider: 'local', call: 'embed', kind: 'error' })).toBeUndefined()
  })

  it('reports queue depth and age from the database', async () => {
    const m = await scrape()
    expect(sample(m, 'parley_handoff_queue_depth', { tenant: 'demo', state: 'waiting', priority: 'normal' })).toBe(1)
    expect(sample(m, 'parley_handoff_queue_oldest_age_seconds', { tenant: 'demo', priority: 'normal' })).toBeGreaterThanOrEqual(0)
    expect(sample(m, 'parley_scrape_collector_errors', {})).toBe(0)
  })

  it('keeps one registry per app', async () => {
    const other = createApp(t.deps, { log: () => {} })
    const m = await scrape(other)
    expect(sample(m, 'parley_http_requests_total', { method: 'POST', route: '/v1/conversations/:id/messages', status: '200' })).toBeUndefined()
  })

  it('needs the token when METRICS_TOKEN is set', async () => {
    const res = await call(app, 'GET', '/metrics')
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect((await call(app, 'GET', '/metrics', undefined, { authorization: 'Bearer wrong-token-000' })).status).toBe(401)
  })

  it('logs one line per request and per stage with the request id, PII masked', async () => {
    const mine = lines.filter((l) => l.requestId === requestId)
    const request = mine.filter((l) => l.msg === 'request')
    expect(request).toEqual([expect.objectContaining({ level: 'info', method: 'POST', route: '/v1/conversations/:id/messages', status: 200, tenant: 'demo', principal: 'customer' })])
    const stages = mine.filter((l) => l.msg === 'turn stage').map((l) => l.stage)
    expect(stages).toEqual(expect.arrayContaining(['input_check', 'sentiment', 'intent', 'retrieval', 'answer', 'confidence', 'output_check', 'route', 'store']))
    expect(mine.every((l) => l.level === 'info' || l.level === 'debug')).toBe(true)
    const input = mine.find((l) => l.stage === 'input_check')!
    expect(input.text).toContain('How do I return an item?')
    expect(input.text).not.toContain(EMAIL)
    expect(input.rules.length).toBeGreaterThan(0)
    expect(JSON.stringify(lines)).not.toContain(EMAIL)
    expect(JSON.stringify(lines)).not.toContain('does-not-exist')
  })

  it('logs requests at info without stage lines', async () => {
    const infoLines: Array<Record<string, any>> = []
    const quiet = createApp({ ...t.deps, config: { ...t.deps.config, LOG_LEVEL: 'info' } }, { log: (line) => infoLines.push(JSON.parse(line)) })
    const conv = await call(quiet, 'POST', '/v1/conversations', {})
    await call(quiet, 'POST', `/v1/conversations/${conv.body.id}/messages`, { text: 'where is my order?' })
    expect(infoLines.map((l) => l.msg)).toEqual(['request', 'request'])
  })

  it('is reachable by supervisors only for analytics, and counts those too', async () => {
    const token = (await createStaff(t.deps.db, 'demo', 'Sue', 'supervisor')).token
    const res = await call(app, 'GET', '/v1/analytics/summary', undefined, { authorization: `Bearer ${token}` })
    expect(res.status).toBe(200)
    const m = await scrape()
    expect(sample(m, 'parley_http_requests_total', { method: 'GET', route: '/v1/analytics/summary', status: '200' })).toBe(1)
  })
})

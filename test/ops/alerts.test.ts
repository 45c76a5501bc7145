/**
 * Alerts on both drivers: rules measured over stored data fire once when they start breaching and
 * resolve when they stop; each alert is a signed webhook POSTed to a loopback receiver, which
 * verifies the HMAC-SHA256 signature and answers the first delivery with a 500 (it is retried).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTenant } from '../../src/auth/credentials.js'
import { loadConfig } from '../../src/config.js'
import { createAlertScheduler } from '../../src/ops/alerts/scheduler.js'
import { deliver } from '../../src/ops/alerts/webhook.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'
import { seedConversation } from './seed.js'

const SECRET = 'whsec_0123456789abcdef'

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A webhook receiver on 127.0.0.1; `statuses` are answered in order, then 200. */
async function receiver(statuses: number[] = []) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.statusCode = statuses.shift() ?? 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/parley`
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** What a receiver does: recompute the HMAC of the raw body and compare in constant time. */
function verify(secret: string, body: string, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`)
  const given = Buffer.from(String(header ?? ''))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

describe('signed webhook delivery', () => {
  it('retries 5xx with doubling backoff and stops at the retry limit', async () => {
    const r = await receiver([500, 502, 503, 500])
    const sleeps: number[] = []
    const result = await deliver({ url: r.url, secret: SECRET, retries: 3, backoffMs: 100, timeoutMs: 5000 }, { id: 'd1', type: 'alert.firing' }, { sleep: async (ms) => void sleeps.push(ms), random: () => 1 })
    expect(result).toEqual({ ok: false, attempts: 4, status: 500 })
    expect(sleeps).toEqual([100, 200, 400])
    expect(r.received.map((x) => x.headers['x-parley-attempt'])).toEqual(['1', '2', '3', '4'])
    expect(r.received.every((x) => verify(SECRET, x.body, x.headers['x-parley-signature']))).toBe(true)
    await r.close()
  })

  it('does not retry a refusal (4xx other than 408/429)', async () => {
    const r = await receiver([400])
    const result = await deliver({ url: r.url, secret: SECRET, retries: 3, backoffMs: 1, timeoutMs: 5000 }, { id: 'd2', type: 'alert.firing' })
    expect(result).toEqual({ ok: false, attempts: 1, status: 400 })
    await r.close()
  })

  it('retries when nobody listens, then gives up', async () => {
    const r = await receiver()
    await r.close()
    const result = await deliver({ url: r.url, secret: SECRET, retries: 2, backoffMs: 1, timeoutMs: 2000 }, { id: 'd3', type: 'alert.firing' }, { sleep: async () => {} })
    expect(result).toMatchObject({ ok: false, attempts: 3, status: null })
  })

  it('refuses a webhook URL without a secret, and malformed rules', () => {
    expect(() => createAlertScheduler({ db: null as never, config: loadConfig({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/x' }) as never })).toThrow(/ALERT_WEBHOOK_SECRET/)
    expect(() => loadConfig({ ALERT_RULES: '[{"name":"x","metric":"nope","above":1}]' })).toThrow(/ALERT_RULES/)
    expect(() => loadConfig({ ALERT_RULES: 'not json' })).toThrow(/JSON array/)
  })
})

const RULES = [
  { name: 'complaints', metric: 'complaint_rate', above: 0.01, window_minutes: 60, min_conversations: 3 },
  { name: 'sla', metric: 'sla_breaches', above: 0, window_minutes: 60 },
  { name: 'handoff_spike', metric: 'handoff_rate_spike', above: 2, window_minutes: 60, baseline_minutes: 1440, min_conversations: 2 },
]

describe.each(DRIVERS)('alert rules (%s)', (driver) => {
  let database: TestDatabase
  let hook: Awaited<ReturnType<typeof receiver>>
  const now = new Date('2024-06-01T12:00:00Z')
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString()

  beforeAll(async () => {
    database = await openTestDatabase(driver)
    const db = database.db
    const T = 't-alert'
    await createTenant(db, T)
    // Last hour: 4 conversations, one a complaint, two handed off (one still waiting past its deadline).
    await seedConversation(db, T, { customerId: 'a', at: minutesAgo(50), turns: [{ at: minutesAgo(50), intent: 'complaint', route: 'answer' }] })
    await seedConversation(db, T, { customerId: 'b', at: minutesAgo(40), turns: [{ at: minutesAgo(40), intent: 'order_status', route: 'answer' }] })
    await seedConversation(db, T, {
      customerId: 'c', at: minutesAgo(45), turns: [{ at: minutesAgo(45), intent: 'return_item', route: 'handoff', reasons: ['customer_requested_human'] }],
      handoff: { reason: 'customer_requested_human', state: 'waiting', at: minutesAgo(45), slaDueAt: minutesAgo(35) },
    })
    await seedConversation(db, T, {
      customerId: 'd', at: minutesAgo(30), turns: [{ at: minutesAgo(30), intent: 'return_item', route: 'handoff', reasons: ['low_retrieval_score'] }],
      handoff: { reason: 'low_retrieval_score', state: 'claimed', at: minutesAgo(30), slaDueAt: minutesAgo(-5) },
    })
    // The day before: 10 conversations, one handoff (rate 0.1, so 0.5 now is a 5x spike).
    for (let i = 0; i < 10; i++) {
      const when = minutesAgo(120 + i * 60)
      await seedConversation(db, T, {
        customerId: `p${i}`, at: when, turns: [{ at: when, intent: 'order_status', route: i === 0 ? 'handoff' : 'answer' }],
        ...(i === 0 ? { handoff: { reason: 'customer_requested_human', state: 'resolved' as const, at: when, slaDueAt: when, firstReplyAt: when, resolvedAt: when } } : {}),
      })
    }
    hook = await receiver([500])
  })
  afterAll(async () => {
    await hook?.close()
    await database?.dispose()
  })

  it('fires each breached rule once, signs it, and retries after a 500; resolves when it clears', async () => {
    const config = loadConfig({ ALERT_WEBHOOK_URL: hook.url, ALERT_WEBHOOK_SECRET: SECRET, ALERT_RULES: JSON.stringify(RULES), ALERT_WEBHOOK_BACKOFF_MS: '50' })
    let clock = now
    const sleeps: number[] = []
    const alerts = createAlertScheduler({ db: database.db, config }, { now: () => clock, sleep: async (ms) => void sleeps.push(ms), random: () => 1 })

    const fired = await alerts.tick()
    expect(fired.map((a) => [a.tenant_id, a.rule, a.type])).toEqual([
      ['t-alert', 'complaints', 'alert.firing'],
      ['t-alert', 'sla', 'alert.firing'],
      ['t-alert', 'handoff_spike', 'alert.firing'],
    ])
    expect(fired.find((a) => a.rule === 'complaints')).toMatchObject({ value: 0.25, threshold: 0.01, conversations: 4, window_minutes: 60 })
    expect(fired.find((a) => a.rule === 'sla')).toMatchObject({ value: 1 })
    expect(fired.find((a) => a.rule === 'handoff_spike')).toMatchObject({ value: 5 })
    const results = await alerts.idle()
    expect(results.every((r) => r.ok)).toBe(true)
    expect(results.map((r) => r.attempts).sort()).toEqual([1, 1, 2])
    expect(sleeps).toEqual([50])

    // Every delivery verifies; the retried one arrived twice with the same id and body.
    expect(hook.received).toHaveLength(4)
    for (const r of hook.received) {
      expect(verify(SECRET, r.body, r.headers['x-parley-signature'])).toBe(true)
      expect(verify('another-secret-000000', r.body, r.headers['x-parley-signature'])).toBe(false)
      expect(r.headers['content-type']).toBe('application/json')
    }
    const [first, retry] = hook.received.filter((r) => r.headers['x-parley-delivery'] === hook.received[0].headers['x-parley-delivery'])
    expect(retry.body).toBe(first.body)
    expect([first.headers['x-parley-attempt'], retry.headers['x-parley-attempt']]).toEqual(['1', '2'])
    expect(JSON.parse(first.body)).toMatchObject({ type: 'alert.firing', tenant_id: 't-alert' })

    // Still breaching: nothing new is sent.
    expect(await alerts.tick()).toEqual([])
    // Three hours later the window is quiet: each rule resolves, once.
    clock = new Date(now.getTime() + 3 * 60 * 60_000)
    const resolved = await alerts.tick()
    expect(resolved.map((a) => [a.rule, a.type])).toEqual([
      ['complaints', 'alert.resolved'],
      ['sla', 'alert.resolved'],
      ['handoff_spike', 'alert.resolved'],
    ])
    await alerts.idle()
    expect(hook.received).toHaveLength(7)
    expect(await alerts.tick()).toEqual([])
    alerts.stop()
  })
})

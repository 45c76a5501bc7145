/** Rate limits (429 + Retry-After), body limits (413), CORS and security headers, through the real app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenBuckets } from '../../src/http/middleware/rate-limit/index.js'
import { startHarness, type Harness } from './harness.js'

describe('token buckets', () => {
  it('admit a burst, refuse the next with a retry time, and refill with time', () => {
    let t = 0
    const buckets = createTokenBuckets({ now: () => t })
    const limit = { perMinute: 60, burst: 3 }
    expect([1, 2, 3].map(() => buckets.take('a', limit).ok)).toEqual([true, true, true])
    expect(buckets.take('a', limit)).toEqual({ ok: false, retryAfterSeconds: 1 })
    expect(buckets.take('b', limit).ok).toBe(true) // buckets are independent
    t += 1000 // one token a second
    expect(buckets.take('a', limit).ok).toBe(true)
    expect(buckets.take('a', limit).ok).toBe(false)
    t += 60_000 // refills to the burst, not beyond
    expect([1, 2, 3, 4].map(() => buckets.take('a', limit).ok)).toEqual([true, true, true, false])
  })

  it('a slow refill gives a longer Retry-After', () => {
    const buckets = createTokenBuckets({ now: () => 0 })
    buckets.take('a', { perMinute: 2, burst: 1 })
    expect(buckets.take('a', { perMinute: 2, burst: 1 })).toEqual({ ok: false, retryAfterSeconds: 30 })
  })

  it('stay bounded, forgetting the least recently used', () => {
    const buckets = createTokenBuckets({ maxBuckets: 100, now: () => 0 })
    const limit = { perMinute: 1, burst: 1 }
    buckets.take('keep', limit)
    for (let i = 0; i < 1000; i++) {
      buckets.take(`k${i}`, limit)
      if (i % 50 === 0) buckets.take('keep', limit) // touched: stays
    }
    expect(buckets.size).toBe(100)
    expect(buckets.take('keep', limit).ok).toBe(false) // still remembered as empty
  })
})

describe('HTTP limits and headers', () => {
  let h: Harness
  beforeAll(async () => {
    // One token a minute: buckets do not refill while the test runs, however slow the machine.
    h = await startHarness('pglite', {
      RATE_LIMIT_CUSTOMER_PER_MINUTE: '1',
      RATE_LIMIT_CUSTOMER_BURST: '5',
      RATE_LIMIT_KEY_PER_MINUTE: '1',
      RATE_LIMIT_KEY_BURST: '12',
      MAX_BODY_BYTES: '2048',
      CORS_ORIGINS: 'https://shop.example.com, https://www.example.com',
    })
  })
  afterAll(() => h?.dispose())

  const get = (token: string, customer: string) => h.app.request('/v1/conversations/none', { headers: h.headers(token, customer) })

  it('a customer over the limit gets 429 problem+json with Retry-After; another customer is unaffected', async () => {
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await get(h.acme.pk, 'rl-alice')).status)
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404])
    const limited = await get(h.acme.pk, 'rl-alice')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('content-type')).toBe('application/problem+json')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const body = (await limited.json()) as { status: number; scope: string; title: string }
    expect(body).toMatchObject({ status: 429, scope: 'customer', title: 'Too Many Requests' })
    expect((await get(h.acme.pk, 'rl-bob')).status).toBe(404)
  })

  it('a key over its limit is refused for all its customers; other keys are not', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 14; i++) statuses.push((await get(h.acme.sk, `key-c${i}`)).status)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2)
    const refused = await get(h.acme.sk, 'fresh-customer')
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as { scope: string }).scope).toBe('key')
    expect((await get(h.globex.pk, 'fresh-customer')).status).toBe(404)
  })

  it('a body over MAX_BODY_BYTES is 413 problem+json, with or without Content-Length', async () => {
    const conv = await h.conversation(h.globex.pk, 'big')
    const big = JSON.stringify({ text: 'x'.repeat(4000) })
    const res = await h.app.request(`/v1/conversations/${conv}/messages`, { method: 'POST', headers: h.headers(h.globex.pk, 'big'), body: big })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const stream = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < 8; i++) ctl.enqueue(new TextEncoder().encode('x'.repeat(1000)))
        ctl.close()
      },
    })
    const chunked = await h.app.request(
      new Request(`http://localhost/v1/conversations/${conv}/messages`, { method: 'POST', headers: h.headers(h.globex.pk, 'big'), body: stream, duplex: 'half' } as RequestInit),
    )
    expect(chunked.status).toBe(413)
    const ok = await h.post(h.globex.pk, 'big', conv, 'small enough')
    expect(ok.status).toBe(200)
  })

  it('CORS: allowed origins get the headers and a preflight answer; others do not', async () => {
    const preflight = await h.app.request('/v1/conversations', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-customer-id,idempotency-key' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key')
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull()
    const evil = await h.app.request('/v1/conversations', { method: 'OPTIONS', headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' } })
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    const actual = await h.app.request('/v1/conversations', { method: 'POST', headers: { ...h.headers(h.globex.pk, 'web'), origin: 'https://www.example.com' } })
    expect(actual.status).toBe(201)
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://www.example.com')
    expect(actual.headers.get('access-control-expose-headers')).toContain('Retry-After')
  })

  it('security headers on API responses and on errors', async () => {
    for (const res of [await h.app.request('/healthz'), await h.app.request('/v1/conversations/x'), await h.app.request('/nope')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('strict-transport-security')).toContain('max-age=')
    }
  })
})

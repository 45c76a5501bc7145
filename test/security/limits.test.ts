/** Rate limits (429 + Retry-After), body limits (413), CORS and security headers, through the real app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createApp } from '../../src/app.js'
import { queryRows } from '../../src/db/client.js'
import { createDatabaseBuckets, createTokenBuckets, type BucketLimit, type RateLimitStore } from '../../src/http/middleware/rate-limit/index.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'
import { startHarness, type Harness } from './harness.js'
import { listen } from '../support/browser.js'
import { createVault, parseKeys } from '../../src/privacy/vault.js'
import { sha256Hex } from '../../src/auth/secrets.js'
import { keySpec, SALT } from '../privacy/helpers.js'

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

describe.each(DRIVERS)('token buckets in the database on %s', (driver) => {
  let database: TestDatabase
  let t = 1_000_000
  const limit = { perMinute: 60, burst: 3 }
  beforeAll(async () => {
    database = await openTestDatabase(driver)
  })
  afterAll(() => database?.dispose())
  /** One bucket's token, as the middleware takes them: through takeAll. */
  const take = async (store: RateLimitStore, key: string, l: BucketLimit) => (await store.takeAll([{ key, limit: l }]))[0]

  it('admit a burst, refuse the next with a retry time, and refill with time', async () => {
    const buckets = createDatabaseBuckets(database.db, { now: () => t })
    const oks = []
    for (let i = 0; i < 3; i++) oks.push((await take(buckets, 'a', limit)).ok)
    expect(oks).toEqual([true, true, true])
    expect(await take(buckets, 'a', limit)).toEqual({ ok: false, retryAfterSeconds: 1 })
    expect((await take(buckets, 'b', limit)).ok).toBe(true)
    t += 1000
    expect((await take(buckets, 'a', limit)).ok).toBe(true)
    expect((await take(buckets, 'a', limit)).ok).toBe(false)
  })

  it('are shared by every instance on the database, and concurrent takes never share a token', async () => {
    // Two stores stand for two server processes.
    const [one, two] = [createDatabaseBuckets(database.db, { now: () => t }), createDatabaseBuckets(database.db, { now: () => t })]
    const takes = await Promise.all(Array.from({ length: 10 }, (_, i) => take(i % 2 ? one : two, 'shared', { perMinute: 1, burst: 4 })))
    expect(takes.filter((r) => r.ok)).toHaveLength(4)
    expect(await take(one, 'shared', { perMinute: 1, burst: 4 })).toEqual({ ok: false, retryAfterSeconds: 60 })
  })

  it('take from several buckets in one statement, each admitted or refused on its own, with its own limit', async () => {
    const buckets = createDatabaseBuckets(database.db, { now: () => t })
    const small = { perMinute: 6, burst: 1 }
    expect(await buckets.takeAll([{ key: 'many-k', limit }, { key: 'many-c', limit: small }])).toEqual([{ ok: true, remaining: 2 }, { ok: true, remaining: 0 }])
    // The customer bucket is empty and refills at 6 a minute; the key bucket still has tokens.
    expect(await buckets.takeAll([{ key: 'many-k', limit }, { key: 'many-c', limit: small }])).toEqual([{ ok: true, remaining: 1 }, { ok: false, retryAfterSeconds: 10 }])
    await expect(buckets.takeAll([{ key: 'twice', limit }, { key: 'twice', limit }])).rejects.toThrow(/once/)
  })

  it('concurrent takes that name the same buckets in opposite orders neither deadlock nor share a token', async () => {
    const [one, two] = [createDatabaseBuckets(database.db, { now: () => t }), createDatabaseBuckets(database.db, { now: () => t })]
    const both = { perMinute: 1, burst: 5 }
    const x = { key: 'order-x', limit: both }
    const y = { key: 'order-y', limit: both }
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one.takeAll([x, y]) : two.takeAll([y, x]))))
    expect(results.filter(([first]) => first.ok)).toHaveLength(5)
    expect(results.flat().filter((r) => r.ok)).toHaveLength(10)
  })

  it('store only a hash of the bucket’s name, and prune buckets untouched for a day', async () => {
    const buckets = createDatabaseBuckets(database.db, { now: () => t, pruneEvery: 1 })
    await take(buckets, 'c:acme\u0000alice@example.com', limit)
    const names = async () => (await queryRows<{ bucket: string }>(database.db, sql`SELECT bucket FROM rate_limit_buckets`)).map((r) => r.bucket)
    expect((await names()).some((b) => b.includes('alice'))).toBe(false)
    const before = (await names()).length
    t += 25 * 60 * 60 * 1000
    await take(buckets, 'fresh', limit)
    expect(await names()).toHaveLength(1)
    expect(before).toBeGreaterThan(1)
  })

  it('store the name it is given for a bucket (the vault’s keyed hash in the app)', async () => {
    const vault = await createVault({ keys: parseKeys(keySpec('k1')), salt: SALT })
    const buckets = createDatabaseBuckets(database.db, { now: () => t, nameOf: (b) => vault.keyedHash('rate-limit', b) })
    await take(buckets, 'c:acme/keyed-carol', limit)
    const names = (await queryRows<{ bucket: string }>(database.db, sql`SELECT bucket FROM rate_limit_buckets`)).map((r) => r.bucket)
    expect(names).toContain(await vault.keyedHash('rate-limit', 'c:acme/keyed-carol'))
    expect(names).not.toContain(await sha256Hex('c:acme/keyed-carol'))
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

  it('over a real socket, a 413 does not break the connection for the requests after it', async () => {
    const conv = await h.conversation(h.globex.pk, 'socket')
    const server = await listen(h.app.fetch)
    try {
      const send = (text: string) => fetch(`${server.url}/v1/conversations/${conv}/messages`, { method: 'POST', headers: h.headers(h.globex.pk, 'socket'), body: JSON.stringify({ text }) })
      const refused = await send('x'.repeat(200_000))
      expect([refused.status, refused.headers.get('connection')]).toEqual([413, 'close'])
      await refused.text()
      // With @hono/node-server 1.x the unread rest of the big body stayed on the kept-alive connection,
      // and the second request after it failed with "other side closed".
      for (const text of ['small enough', 'and another']) expect((await send(text)).status).toBe(200)
    } finally {
      await server.close()
    }
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

  it('security headers on API responses and on errors, in process and over a real socket', async () => {
    const server = await listen(h.app.fetch)
    try {
      // Through the Node adapter too: @hono/node-server 1.x dropped headers a middleware set after the
      // handler once an outer one added its own (x-request-id), so /healthz and 404s went out without them.
      for (const get of [(p: string) => h.app.request(p), (p: string) => fetch(server.url + p)]) {
        for (const res of [await get('/healthz'), await get('/v1/conversations/x'), await get('/nope')]) {
          expect(res.headers.get('x-content-type-options')).toBe('nosniff')
          expect(res.headers.get('x-frame-options')).toBe('DENY')
          expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
          expect(res.headers.get('referrer-policy')).toBe('no-referrer')
          expect(res.headers.get('strict-transport-security')).toContain('max-age=')
          expect(res.headers.get('x-request-id')).toBeTruthy()
          await res.body?.cancel()
        }
      }
    } finally {
      await server.close()
    }
  })
})

describe.each(DRIVERS)('HTTP limits shared across instances on %s', (driver) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(driver, { RATE_LIMIT_STORE: 'database', RATE_LIMIT_CUSTOMER_PER_MINUTE: '1', RATE_LIMIT_CUSTOMER_BURST: '4' })
  })
  afterAll(() => h?.dispose())

  it('two app instances on one database admit a customer’s burst once between them', async () => {
    const other = createApp(h.deps)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await (i % 2 ? other : h.app).request('/v1/conversations/none', { headers: h.headers(h.acme.pk, 'shared-carol') })).status)
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429])
    // Stored under the vault's keyed hash: the customer id (a visitor's, with a publishable key) cannot be confirmed by hashing a guess.
    const names = (await queryRows<{ bucket: string }>(h.deps.db, sql`SELECT bucket FROM rate_limit_buckets`)).map((r) => r.bucket)
    expect(names).toContain(await h.deps.vault!.keyedHash('rate-limit', 'c:acme\u0000visitor:shared-carol'))
    expect(names).not.toContain(await sha256Hex('c:acme\u0000visitor:shared-carol'))
  })
})

/**
 * Rate limits after authentication: one bucket per API key (or staff token; the anonymous demo
 * shares one per tenant) and one per customer (tenant + X-Customer-Id). A request must get a
 * token from each; otherwise 429 problem+json with Retry-After. State lives in the store the
 * factory is given: this process's memory, or the database that all instances share.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../../deps.js'
import { problem } from '../../problem.js'
import type { BucketLimit, RateLimitStore, TakeResult } from './bucket.js'

export { createTokenBuckets, type TokenBuckets, type BucketLimit, type BucketTake, type RateLimitStore } from './bucket.js'
export { createDatabaseBuckets } from './database-buckets.js'

export interface RateLimits {
  key: BucketLimit
  customer: BucketLimit
}

export function rateLimit(buckets: RateLimitStore, limits: RateLimits) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const p = c.var.principal
    if (!p) return next()
    const keyId = p.kind === 'staff' ? `st:${p.staffId}` : p.keyId ? `k:${p.keyId}` : `anon:${p.tenantId}`
    const checks: Array<{ key: string; limit: BucketLimit; scope: string }> = [{ key: keyId, limit: limits.key, scope: 'key' }]
    if (p.kind === 'customer') checks.push({ key: `c:${p.tenantId}\u0000${p.customerId}`, limit: limits.customer, scope: 'customer' })
    // Every bucket takes its token in one go (one round trip with the database store), so a refused
    // request still spends a token from the buckets that had one.
    const taken = await buckets.takeAll(checks)
    const refused = taken.findIndex((t) => !t.ok)
    if (refused >= 0) {
      const { limit, scope } = checks[refused]
      const { retryAfterSeconds } = taken[refused] as Extract<TakeResult, { ok: false }>
      return problem(
        c,
        {
          title: 'Too Many Requests',
          status: 429,
          detail: `Rate limit for this ${scope} exceeded (${limit.perMinute} requests a minute, bursts of ${limit.burst}); retry after ${retryAfterSeconds} s.`,
          scope,
          retry_after: retryAfterSeconds,
        },
        { 'retry-after': String(retryAfterSeconds) },
      )
    }
    const remaining = Math.min(...taken.map((t) => (t.ok ? t.remaining : 0)))
    await next()
    c.header('RateLimit-Remaining', String(remaining))
  })
}

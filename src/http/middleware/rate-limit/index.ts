/**
 * Rate limits after authentication: one bucket per API key (or staff token; the anonymous demo
 * shares one per tenant) and one per customer (tenant + X-Customer-Id). A request must get a
 * token from each; otherwise 429 problem+json with Retry-After. State lives in the store the
 * factory is given: this process's memory, or the database that all instances share.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../../deps.js'
import { problem } from '../../problem.js'
import type { BucketLimit, RateLimitStore } from './bucket.js'

export { createTokenBuckets, type TokenBuckets, type BucketLimit, type RateLimitStore } from './bucket.js'
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
    const checks: Array<[string, BucketLimit, string]> = [[keyId, limits.key, 'key']]
    if (p.kind === 'customer') checks.push([`c:${p.tenantId}\u0000${p.customerId}`, limits.customer, 'customer'])
    let remaining = Infinity
    for (const [bucket, limit, scope] of checks) {
      const taken = await buckets.take(bucket, limit)
      if (!taken.ok) {
        return problem(
          c,
          {
            title: 'Too Many Requests',
            status: 429,
            detail: `Rate limit for this ${scope} exceeded (${limit.perMinute} requests a minute, bursts of ${limit.burst}); retry after ${taken.retryAfterSeconds} s.`,
            scope,
            retry_after: taken.retryAfterSeconds,
          },
          { 'retry-after': String(taken.retryAfterSeconds) },
        )
      }
      remaining = Math.min(remaining, taken.remaining)
    }
    await next()
    c.header('RateLimit-Remaining', String(remaining))
  })
}

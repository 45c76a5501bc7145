/**
 * Token buckets keyed by a string, in memory. Each bucket holds up to `burst` tokens and
 * refills at `perMinute / 60` tokens a second; a request takes one. The map is bounded:
 * the least recently used buckets are dropped first (a dropped bucket comes back full, which
 * only ever errs towards admitting). Time comes from `now`, so tests need no sleeping.
 */
export interface BucketLimit {
  perMinute: number
  burst: number
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number }

export interface BucketTake {
  key: string
  limit: BucketLimit
}

/** Where buckets live: this process's memory (below) or the database (database-buckets.ts). */
export interface RateLimitStore {
  /** A token from each of several distinct buckets at once, each taken or refused on its own. */
  takeAll(takes: BucketTake[]): TakeResult[] | Promise<TakeResult[]>
}

export interface TokenBuckets extends RateLimitStore {
  /** A token from one bucket. */
  take(key: string, limit: BucketLimit): TakeResult
  takeAll(takes: BucketTake[]): TakeResult[]
  readonly size: number
}

/** Refill rate in tokens per millisecond. */
export const tokensPerMs = (limit: BucketLimit) => limit.perMinute / 60_000

/** Whole seconds until a bucket holding `tokens` (under 1) has one again; at least 1. */
export const retryAfterSeconds = (tokens: number, limit: BucketLimit) => Math.max(1, Math.ceil((1 - tokens) / tokensPerMs(limit) / 1000))

export function createTokenBuckets(opts: { maxBuckets?: number; now?: () => number } = {}): TokenBuckets {
  const maxBuckets = opts.maxBuckets ?? 100_000
  const now = opts.now ?? (() => performance.now())
  const buckets = new Map<string, { tokens: number; at: number }>()

  const store: TokenBuckets = {
    get size() {
      return buckets.size
    },
    takeAll: (takes) => takes.map((t) => store.take(t.key, t.limit)),
    take(key, limit) {
      const t = now()
      const rate = tokensPerMs(limit)
      const found = buckets.get(key)
      let tokens = found ? Math.min(limit.burst, found.tokens + (t - found.at) * rate) : limit.burst
      if (found) buckets.delete(key) // re-inserted below: Map order is recency order
      const ok = tokens >= 1
      if (ok) tokens -= 1
      buckets.set(key, { tokens, at: t })
      if (buckets.size > maxBuckets) buckets.delete(buckets.keys().next().value!)
      if (ok) return { ok, remaining: Math.floor(tokens) }
      return { ok, retryAfterSeconds: retryAfterSeconds(tokens, limit) }
    },
  }
  return store
}

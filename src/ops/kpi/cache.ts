/**
 * A small TTL cache for analytics answers, per app: a tenant's KPIs for a range are computed at
 * most once per TTL (so they are at most that stale). Concurrent misses share one computation.
 */
export interface TtlCache<V> {
  get(key: string, compute: () => Promise<V>): Promise<{ value: V; computedAt: Date; cached: boolean }>
  clear(): void
}

export function createTtlCache<V>(opts: { ttlMs: number; maxEntries?: number; now?: () => number }): TtlCache<V> {
  const now = opts.now ?? Date.now
  const max = opts.maxEntries ?? 500
  const entries = new Map<string, { at: number; value: Promise<V> }>()
  return {
    async get(key, compute) {
      const hit = entries.get(key)
      if (hit && now() - hit.at < opts.ttlMs) {
        const value = await hit.value
        return { value, computedAt: new Date(hit.at), cached: true }
      }
      const at = now()
      const value = compute()
      entries.delete(key)
      if (opts.ttlMs > 0) entries.set(key, { at, value })
      while (entries.size > max) entries.delete(entries.keys().next().value!)
      try {
        return { value: await value, computedAt: new Date(at), cached: false }
      } catch (error) {
        if (entries.get(key)?.value === value) entries.delete(key)
        throw error
      }
    },
    clear: () => entries.clear(),
  }
}

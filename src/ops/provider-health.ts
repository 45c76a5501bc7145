/**
 * The model provider's recent health for /healthz, from the same fallback events the
 * `parley_provider_fallbacks_total` counter hears: a revoked key or an outage otherwise shows
 * only as handoffs. In memory, per process (or Worker isolate), over the last five minutes.
 */
export interface ProviderHealthSnapshot {
  status: 'ok' | 'degraded'
  fallbacks_last_5m: number
  /** The stage and error kind only: an error's message may quote a key or a customer's text. */
  last_failure?: { stage: string; at: string; kind: string }
}

export interface ProviderHealth {
  record(failure: { stage: string; kind: string }): void
  snapshot(): ProviderHealthSnapshot
}

const WINDOW_MS = 5 * 60_000
/** Bounds memory under a flood of failures; the count then stays at this many, still degraded. */
const MAX_KEPT = 1000

export function createProviderHealth(now: () => number = Date.now): ProviderHealth {
  // Times of the failures in the window, oldest first.
  const times: number[] = []
  let last: { stage: string; kind: string; at: number } | undefined
  const forget = () => {
    const from = now() - WINDOW_MS
    let stale = 0
    while (stale < times.length && times[stale] <= from) stale++
    times.splice(0, stale)
  }
  return {
    record({ stage, kind }) {
      const at = now()
      last = { stage, kind, at }
      times.push(at)
      if (times.length > MAX_KEPT) times.shift()
    },
    snapshot() {
      forget()
      return {
        status: times.length > 0 ? 'degraded' : 'ok',
        fallbacks_last_5m: times.length,
        ...(last ? { last_failure: { stage: last.stage, at: new Date(last.at).toISOString(), kind: last.kind } } : {}),
      }
    },
  }
}

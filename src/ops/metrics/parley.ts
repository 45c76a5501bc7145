/** The service's metrics: HTTP requests, turn stages, model provider calls, and the handoff queue. */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client.js'
import { Registry, type Counter, type Gauge, type Histogram } from './registry.js'

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30]

export interface ParleyMetrics {
  registry: Registry
  httpRequests: Counter
  httpDuration: Histogram
  stageDuration: Histogram
  stageErrors: Counter
  providerCalls: Counter
  providerErrors: Counter
  providerDuration: Histogram
  providerFallbacks: Counter
  queueDepth: Gauge
  queueOldestAge: Gauge
}

export function createParleyMetrics(db: Db): ParleyMetrics {
  const registry = new Registry()
  const m: ParleyMetrics = {
    registry,
    httpRequests: registry.counter('parley_http_requests_total', 'HTTP requests by method, route pattern and status.', ['method', 'route', 'status']),
    httpDuration: registry.histogram('parley_http_request_duration_seconds', 'HTTP request latency by method and route pattern.', ['method', 'route'], SECONDS),
    stageDuration: registry.histogram('parley_turn_stage_duration_seconds', 'Time spent in each stage of a turn.', ['stage'], SECONDS),
    stageErrors: registry.counter('parley_turn_stage_errors_total', 'Turn stages that threw.', ['stage']),
    providerCalls: registry.counter('parley_provider_calls_total', 'Model provider calls by provider and call.', ['provider', 'call']),
    providerErrors: registry.counter('parley_provider_errors_total', 'Model provider calls that failed, by error kind.', ['provider', 'call', 'kind']),
    providerDuration: registry.histogram('parley_provider_call_duration_seconds', 'Model provider call latency.', ['provider', 'call'], SECONDS),
    providerFallbacks: registry.counter('parley_provider_fallbacks_total', 'Turn stages (and handoff summaries) whose model provider failed after its retries (then a local model answered, the extractive summary stayed, or nothing did).', ['stage']),
    queueDepth: registry.gauge('parley_handoff_queue_depth', 'Open handoffs by tenant, state and priority.', ['tenant', 'state', 'priority']),
    queueOldestAge: registry.gauge('parley_handoff_queue_oldest_age_seconds', 'Age of the oldest waiting handoff by tenant and priority.', ['tenant', 'priority']),
  }
  registry.collect(async () => {
    const rows = await queryRows<{ tenant_id: string; state: string; priority: string; n: number | string; oldest: number | string | null }>(
      db,
      sql`SELECT tenant_id, state, priority, count(*) AS n, EXTRACT(EPOCH FROM now() - min(created_at)) AS oldest
          FROM handoffs WHERE state IN ('waiting', 'claimed') GROUP BY 1, 2, 3`,
    )
    m.queueDepth.reset()
    m.queueOldestAge.reset()
    for (const r of rows) {
      m.queueDepth.set({ tenant: r.tenant_id, state: r.state, priority: r.priority }, Number(r.n))
      if (r.state === 'waiting') m.queueOldestAge.set({ tenant: r.tenant_id, priority: r.priority }, Math.round(Number(r.oldest ?? 0) * 1000) / 1000)
    }
  })
  return m
}

/**
 * Counts and times every request by method, route pattern (never the raw path, so ids do not
 * become labels) and status.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../../../deps.js'
import type { ParleyMetrics } from '../../../ops/metrics/parley.js'

/** The pattern of the handler that answered ('unmatched' for 404s without a route). */
export function routePattern(c: Context): string {
  const handler = matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1)
  return handler?.path ?? 'unmatched'
}

export const requestMetrics = (metrics: ParleyMetrics) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const route = routePattern(c)
      const method = c.req.method
      metrics.httpRequests.inc({ method, route, status: String(c.res.status) })
      metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000)
    }
  })

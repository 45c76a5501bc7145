/**
 * One JSON log line per request (method, route pattern, status, duration, request id, tenant),
 * and the request's deps carry a stage hook so each turn stage is timed and, at debug, logged
 * with the same request id. Only the route pattern is logged, never the path or query (they can
 * hold customer ids or text).
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../../deps.js'
import type { Ops } from '../../../ops/index.js'
import { routePattern } from '../metrics/index.js'

export const requestLog = (ops: Ops) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    c.set('deps', ops.withStageHook(c.var.requestId, () => c.var.tenantId))
    try {
      await next()
    } finally {
      const status = c.res.status
      const fields = {
        requestId: c.var.requestId,
        tenant: c.var.tenantId,
        method: c.req.method,
        route: routePattern(c),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        principal: c.var.principal?.kind ?? null,
      }
      if (status >= 500) ops.logger.error('request', fields)
      else ops.logger.info('request', fields)
    }
  })

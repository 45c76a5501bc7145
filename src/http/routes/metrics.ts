/**
 * GET /metrics: Prometheus text format. Open by default (scrape it on a private network);
 * with METRICS_TOKEN set it needs `Authorization: Bearer <token>`.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../../deps.js'
import type { Ops } from '../../ops/index.js'
import { sha256Hex } from '../../auth/secrets.js'
import { problem } from '../problem.js'

export const metricsRoutes = (ops: Ops) =>
  new Hono<AppEnv>().get('/metrics', async (c) => {
    const token = c.var.deps.config.METRICS_TOKEN
    if (token) {
      const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? ''
      // Compare digests, so the comparison takes the same time whatever the guess.
      if ((await sha256Hex(given)) !== (await sha256Hex(token))) {
        return problem(c, { title: 'Unauthorized', status: 401, detail: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".' }, { 'www-authenticate': 'Bearer' })
      }
    }
    return c.body(await ops.metrics.registry.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' })
  })

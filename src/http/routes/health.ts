import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import type { AppEnv } from '../../deps.js'

/**
 * The database decides readiness (503 without it). A provider failing recently only makes the
 * status `degraded`, still 200: the local fallbacks and handoffs keep customers served, and a
 * restart would not bring a revoked key back, so an orchestrator should alert, not restart.
 */
export const healthRoutes = new Hono<AppEnv>().get('/healthz', async (c) => {
  const { database, providers, providerHealth } = c.var.deps
  const provider = { name: providers.name, ...providerHealth.snapshot() }
  try {
    await database.db.execute(sql`SELECT 1`)
    return c.json({ status: provider.status, database: database.driver, provider })
  } catch {
    return c.json({ status: 'unavailable', database: database.driver, provider }, 503)
  }
})

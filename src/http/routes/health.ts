import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import type { AppEnv } from '../../deps.js'

export const healthRoutes = new Hono<AppEnv>().get('/healthz', async (c) => {
  const { database, providers } = c.var.deps
  try {
    await database.db.execute(sql`SELECT 1`)
    return c.json({ status: 'ok', database: database.driver, provider: providers.name })
  } catch {
    return c.json({ status: 'unavailable', database: database.driver, provider: providers.name }, 503)
  }
})

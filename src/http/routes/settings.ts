/** A tenant's own settings that its admins manage: the support team's hours. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { handoffConfig } from '../../handoff/config.js'
import { checkTimeZone, nextOpening, parseSupportHours } from '../../handoff/hours.js'
import { hoursOrFallback, readTenantHours, setTenantHours } from '../../handoff/tenant-hours.js'
import { issueIfThrows } from '../../issues.js'
import { requireRole } from '../middleware/auth/index.js'
import { readJson } from '../validate.js'

/** Checked with the parser the turn uses, so what is stored can be read; its message says what is wrong. */
const SupportHoursBody = z
  .object({ hours: z.string().min(1).max(500), timezone: z.string().min(1).max(64).default('UTC') })
  .strict()
  .superRefine((body, ctx) => {
    if (!issueIfThrows(ctx, () => checkTimeZone(body.timezone), ['timezone'])) issueIfThrows(ctx, () => parseSupportHours(body.hours, body.timezone), ['hours'])
  })

export const settingsRoutes = new Hono<AppEnv>()
  .use('/v1/settings/*', requireRole('admin'))
  .get('/v1/settings/support-hours', async (c) => {
    const own = await readTenantHours(c.var.deps.db, c.var.tenantId)
    const hours = hoursOrFallback(own, handoffConfig(c.var.deps.config).hours)
    return c.json({
      source: own ? 'tenant' : 'deployment',
      hours: own?.spec ?? (c.var.deps.config.SUPPORT_HOURS || null),
      timezone: own?.timeZone ?? c.var.deps.config.SUPPORT_TIMEZONE,
      // null: always staffed.
      next_opening: hours ? nextOpening(hours, new Date()).toISOString() : null,
    })
  })
  .put('/v1/settings/support-hours', async (c) => {
    const body = await readJson(c, SupportHoursBody)
    await setTenantHours(c.var.deps.db, c.var.tenantId, { spec: body.hours, timeZone: body.timezone })
    return c.json({ source: 'tenant', hours: body.hours, timezone: body.timezone })
  })
  .delete('/v1/settings/support-hours', async (c) => {
    await setTenantHours(c.var.deps.db, c.var.tenantId, null)
    return c.body(null, 204)
  })

/** The agent queue: who am I, list, claim (next or one), renew, and read one handoff with its transcript. */
import { Hono } from 'hono'
import { and, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { staff } from '../../db/schema/index.js'
import { claimHandoff, claimNext, renewClaim, sweepHandoffs } from '../../handoff/queue.js'
import { getHandoff, listQueue } from '../../handoff/read.js'
import { handoffView } from '../../handoff/view.js'
import { requireRole } from '../middleware/auth/index.js'
import { queryInt, readQuery } from '../validate.js'
import { actorOf, handoffDeps } from './agent-context.js'
import { auditRequest } from '../../privacy/audit-http.js'
import { supportHoursFor } from '../../handoff/tenant-hours.js'
import { supportStatus } from '../../handoff/hours.js'

const flag = z.enum(['true', 'false']).transform((v) => v === 'true')

const QueueQuery = z
  .object({
    state: z.enum(['waiting', 'claimed', 'resolved', 'returned', 'open', 'all']).default('open'),
    priority: z.enum(['urgent', 'normal']).optional(),
    skill: z.string().min(1).max(64).optional(),
    breached: flag.optional(),
    mine: flag.optional(),
    limit: queryInt(1, 500, 100),
  })
  .strict()

export const agentRoutes = new Hono<AppEnv>()
  .use('/v1/agent/*', requireRole('agent'))
  .get('/v1/agent/me', (c) => {
    const a = actorOf(c)
    return c.json({ staff_id: a.staffId, name: a.name, role: a.role, skills: a.skills, tenant_id: a.tenantId })
  })
  .get('/v1/agent/staff', async (c) => {
    const rows = await c.var.deps.db
      .select({ staff_id: staff.id, name: staff.name, role: staff.role, skills: staff.skills })
      .from(staff)
      .where(and(eq(staff.tenantId, c.var.tenantId), isNull(staff.revokedAt)))
    return c.json({ staff: rows.filter((s) => s.role !== 'ml') })
  })
  .get('/v1/agent/handoffs', async (c) => {
    const q = readQuery(c, QueueQuery)
    const actor = actorOf(c)
    // Lazy sweep: lapsed claims go back to waiting and breaches are flagged before anyone looks.
    await sweepHandoffs(handoffDeps(c), actor.tenantId)
    const items = await listQueue(c.var.deps.db, actor.tenantId, { ...q, claimedBy: q.mine ? actor.staffId : undefined })
    // Whether the team is in: outside its hours customers are told when a person will reply, and agents see the same.
    const hours = await supportHoursFor(c.var.deps.db, actor.tenantId, handoffDeps(c).handoff.hours)
    return c.json({ handoffs: items, support_hours: supportStatus(hours, new Date()) })
  })
  .post('/v1/agent/handoffs/claim', async (c) => {
    const row = await claimNext(handoffDeps(c), actorOf(c))
    return row ? c.json(handoffView(row)) : c.body(null, 204)
  })
  .get('/v1/agent/handoffs/:id', async (c) => {
    const handoff = await getHandoff(c.var.deps.db, c.var.tenantId, c.req.param('id'))
    // Reading a transcript is audited; sealed PII is opened for the agent.
    await auditRequest(c, 'conversation.read', { type: 'conversation', id: handoff.conversation.id }, { via: 'handoff', handoff_id: c.req.param('id') })
    return c.json(c.var.deps.vault ? await c.var.deps.vault.openDeep(handoff) : handoff)
  })
  .post('/v1/agent/handoffs/:id/claim', async (c) => c.json(handoffView(await claimHandoff(handoffDeps(c), actorOf(c), c.req.param('id')))))
  .post('/v1/agent/handoffs/:id/renew', async (c) => c.json(handoffView(await renewClaim(handoffDeps(c), actorOf(c), c.req.param('id')))))

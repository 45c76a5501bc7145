/** The access audit, read-only, for admins: filter by action (a trailing * matches a prefix), actor, object, time. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { listAudit } from '../../privacy/audit.js'
import { requireRole } from '../middleware/auth/index.js'
import { queryInt, readQuery } from '../validate.js'

const AuditQuery = z
  .object({
    action: z.string().regex(/^[\w.]+\*?$/).max(100).optional(),
    actor_id: z.string().min(1).max(200).optional(),
    object_type: z.string().regex(/^\w+$/).max(50).optional(),
    object_id: z.string().min(1).max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    after_seq: queryInt(0, 2_147_483_647),
    limit: queryInt(1, 500, 100),
  })
  .strict()

export const auditRoutes = new Hono<AppEnv>().get('/v1/audit', requireRole('admin'), async (c) => {
  const q = readQuery(c, AuditQuery)
  const rows = await listAudit(c.var.deps.db, c.var.tenantId, {
    action: q.action,
    actorId: q.actor_id,
    objectType: q.object_type,
    objectId: q.object_id,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    afterSeq: q.after_seq,
    limit: q.limit,
  })
  const records = rows.map((r) => ({
    seq: r.seq, at: r.at, actor: { kind: r.actorKind, id: r.actorId, role: r.role }, action: r.action,
    object: { type: r.objectType, id: r.objectId }, request_id: r.requestId, detail: r.detail, hash: r.hash,
  }))
  return c.json({ records, next_after_seq: rows.length === q.limit ? rows[rows.length - 1].seq : null })
})

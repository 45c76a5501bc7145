/** Audit records for HTTP requests: the actor is the request's principal, the request id is kept. */
import type { Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { appendAudit, type AuditActor, type AuditEntry } from './audit.js'

export function actorOf(c: Context<AppEnv>): AuditActor {
  const p = c.var.principal
  if (!p) return { kind: 'customer', id: null, role: null }
  if (p.kind === 'staff') return { kind: 'staff', id: p.staffId, role: p.role }
  return { kind: 'customer', id: p.keyId, role: p.keyKind }
}

/** Appends `action` on `object` by the caller, e.g. `await auditRequest(c, 'conversation.read', { type: 'conversation', id })`. */
export async function auditRequest(c: Context<AppEnv>, action: string, object: AuditEntry['object'], detail?: Record<string, unknown>) {
  return appendAudit(c.var.deps.db, { tenantId: c.var.tenantId, actor: actorOf(c), action, object, requestId: c.var.requestId, detail })
}

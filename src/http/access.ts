import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { conversations } from '../db/schema/index.js'
import { loadConversation } from '../turn/store.js'
import { hasRole, type Principal } from '../auth/principal.js'
import { notFound, ProblemError } from './problem.js'

/**
 * Support staff of the tenant see every conversation; a customer only their own. The `ml` role works
 * on the knowledge base and evals, not with customers, so it reads no transcript (403).
 */
function maySee(p: Principal | null | undefined, customerId: string | null): boolean {
  if (!p) return false
  if (p.kind === 'customer') return customerId === p.customerId
  if (!hasRole(p.role, 'agent')) throw new ProblemError({ title: 'Forbidden', status: 403, detail: `Role ${p.role} may not read conversations; it needs agent.` })
  return true
}

/**
 * The conversation, if the caller may see it: staff of its tenant, or the customer who owns it.
 * Anything else is a 404, so ids of other people's conversations reveal nothing.
 */
export async function conversationFor(c: Context<AppEnv>, id: string) {
  const p = c.var.principal
  const [row] = await c.var.deps.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.tenantId, c.var.tenantId), eq(conversations.id, id)))
  if (!row || !maySee(p, row.customerId)) throw notFound('Conversation', id)
  return row
}

/**
 * The same check for a new turn, reading what the turn needs (recent messages and sentiment) in
 * the same round trip, so the turn does not read the conversation again.
 */
export async function turnConversationFor(c: Context<AppEnv>, id: string) {
  const deps = c.var.deps
  const conversation = await loadConversation(deps.db, c.var.tenantId, id, deps.vault)
  if (!conversation || !maySee(c.var.principal, conversation.customerId)) throw notFound('Conversation', id)
  return conversation
}

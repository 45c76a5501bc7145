import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { conversations } from '../db/schema/index.js'
import { notFound } from './problem.js'

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
  if (!row || !p || (p.kind === 'customer' && row.customerId !== p.customerId)) throw notFound('Conversation', id)
  return row
}

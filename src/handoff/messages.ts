/** Appending to a conversation's transcript outside a bot turn (agent replies, system notices). */
import { and, eq, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { conversations, messages, type ConversationStatus, type MessageRole } from '../db/schema/index.js'
import type { MessageEvent } from './events.js'

/**
 * Locks the conversation row (as a bot turn does), so sequence numbers stay consecutive and a
 * status change cannot interleave with a turn that is being stored. Optionally sets the status.
 */
export async function appendMessage(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  message: { role: MessageRole; text: string; meta?: Record<string, unknown> },
  status?: ConversationStatus,
): Promise<MessageEvent> {
  const [conversation] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
    .for('update')
  if (!conversation) throw new Error(`conversation ${conversationId} vanished`)
  const [{ next }] = await tx
    .select({ next: sql<number>`COALESCE(MAX(${messages.seq}), 0) + 1` })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
  const id = crypto.randomUUID()
  const [row] = await tx
    .insert(messages)
    .values({ id, tenantId, conversationId, seq: Number(next), role: message.role, text: message.text, meta: message.meta ?? {} })
    .returning({ createdAt: messages.createdAt })
  await tx
    .update(conversations)
    .set({ updatedAt: new Date(), ...(status ? { status } : {}) })
    .where(eq(conversations.id, conversationId))
  return { id, seq: Number(next), role: message.role, text: message.text, created_at: new Date(row.createdAt).toISOString(), meta: message.meta ?? {} }
}

export async function setConversationStatus(tx: Tx, tenantId: string, conversationId: string, status: ConversationStatus): Promise<void> {
  await tx
    .update(conversations)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
}

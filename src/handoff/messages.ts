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
  // The update takes the row lock and the next sequence number at once.
  const [conversation] = await tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, updatedAt: new Date(), ...(status ? { status } : {}) })
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
    .returning({ seq: conversations.lastSeq })
  if (!conversation) throw new Error(`conversation ${conversationId} vanished`)
  const id = crypto.randomUUID()
  const next = conversation.seq
  const [row] = await tx
    .insert(messages)
    .values({ id, tenantId, conversationId, seq: next, role: message.role, text: message.text, meta: message.meta ?? {} })
    .returning({ createdAt: messages.createdAt })
  return { id, seq: next, role: message.role, text: message.text, created_at: new Date(row.createdAt).toISOString(), meta: message.meta ?? {} }
}

export async function setConversationStatus(tx: Tx, tenantId: string, conversationId: string, status: ConversationStatus): Promise<void> {
  await tx
    .update(conversations)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
}

/** Reads a conversation's context for a turn and writes the turn's results atomically. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { sealTurn } from '../privacy/seal.js'
import type { Vault } from '../privacy/vault.js'
import { conversations, handoffs, messages, turns, type ConversationStatus, type MessageRole } from '../db/schema/index.js'

export interface ConversationContext {
  id: string
  status: ConversationStatus
  lang: string | null
  /** Recent messages, oldest first. */
  history: Array<{ role: MessageRole; text: string }>
  /** Sentiment scores of earlier turns, oldest first. */
  previousSentiment: number[]
}

export async function loadConversation(db: Db, tenantId: string, conversationId: string, vault?: Vault): Promise<ConversationContext | null> {
  const [conversation] = await db
    .select({ id: conversations.id, status: conversations.status, lang: conversations.lang })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
  if (!conversation) return null
  const [recent, scores] = await Promise.all([
    db
      .select({ role: messages.role, text: messages.text })
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId)))
      .orderBy(desc(messages.seq))
      .limit(20),
    db
      .select({ score: turns.sentimentScore })
      .from(turns)
      .where(and(eq(turns.tenantId, tenantId), eq(turns.conversationId, conversationId)))
      .orderBy(desc(turns.createdAt))
      .limit(5),
  ])
  return {
    ...conversation,
    // PII the policy keeps is stored sealed; the turn works with the customer's actual words.
    history: vault ? await vault.openDeep(recent.reverse()) : recent.reverse(),
    previousSentiment: scores.reverse().flatMap((s) => (s.score === null ? [] : [s.score])),
  }
}

export interface TurnRecord {
  tenantId: string
  conversationId: string
  lang: string
  customerText: string
  reply: { text: string; meta: Record<string, unknown> } | null
  turn: Omit<typeof turns.$inferInsert, 'id' | 'tenantId' | 'conversationId' | 'customerMessageId' | 'replyMessageId'>
  handoff: Omit<typeof handoffs.$inferInsert, 'id' | 'tenantId' | 'conversationId' | 'turnId'> | null
}

export interface StoredTurn {
  turnId: string
  customerMessageId: string
  replyMessageId: string | null
  handoffId: string | null
  /** The conversation was already with a person when the turn was written: no bot reply was stored. */
  awaitingHuman: boolean
  /** Sequence number of the customer's message (the reply, if any, is the next). */
  customerSeq: number
  /** The open handoff raised to urgent by this message (e.g. self-harm while waiting for a person). */
  escalatedHandoffId: string | null
}

/**
 * Writes the customer message, the stage results, the reply and any handoff in one transaction.
 * The conversation row is locked first, so concurrent messages get consecutive sequence numbers
 * and a reply is never stored into a conversation that a person took over meanwhile.
 */
export async function saveTurn(db: Db, input: TurnRecord, vault?: Vault): Promise<StoredTurn> {
  // PII values (kept by the policy, or in compliance spans) are encrypted wherever they appear.
  const record = vault ? await sealTurn(vault, input) : input
  return db.transaction(async (tx) => {
    const [conversation] = await tx
      .select({ status: conversations.status })
      .from(conversations)
      .where(and(eq(conversations.tenantId, record.tenantId), eq(conversations.id, record.conversationId)))
      .for('update')
    if (!conversation) throw new Error(`conversation ${record.conversationId} vanished during the turn`)
    const awaitingHuman = conversation.status === 'handoff'
    const [{ next }] = await tx
      .select({ next: sql<number>`COALESCE(MAX(${messages.seq}), 0) + 1` })
      .from(messages)
      .where(eq(messages.conversationId, record.conversationId))

    const ids = { turnId: crypto.randomUUID(), customerMessageId: crypto.randomUUID() }
    const reply = awaitingHuman ? null : record.reply
    const handoff = awaitingHuman ? null : record.handoff
    const replyMessageId = reply ? crypto.randomUUID() : null
    const handoffId = handoff ? crypto.randomUUID() : null
    const base = { tenantId: record.tenantId, conversationId: record.conversationId }

    await tx.insert(messages).values({ ...base, id: ids.customerMessageId, seq: Number(next), role: 'customer', text: record.customerText })
    if (reply && replyMessageId) {
      await tx.insert(messages).values({ ...base, id: replyMessageId, seq: Number(next) + 1, role: 'bot', text: reply.text, meta: reply.meta })
    }
    const turn = awaitingHuman ? { ...record.turn, route: 'handoff', routeReasons: ['awaiting_human'] } : record.turn
    await tx.insert(turns).values({ ...base, ...turn, id: ids.turnId, customerMessageId: ids.customerMessageId, replyMessageId })
    if (handoff && handoffId) await tx.insert(handoffs).values({ ...base, ...handoff, id: handoffId, turnId: ids.turnId })
    const escalated = awaitingHuman && record.handoff?.priority === 'urgent'
      ? await tx
          .update(handoffs)
          .set({ priority: 'urgent', slaDueAt: sql`LEAST(${handoffs.slaDueAt}, ${(record.handoff.slaDueAt ?? new Date()).toISOString()}::timestamptz)`, updatedAt: new Date() })
          .where(and(eq(handoffs.conversationId, record.conversationId), inArray(handoffs.state, ['waiting', 'claimed']), eq(handoffs.priority, 'normal')))
          .returning({ id: handoffs.id })
      : []
    await tx
      .update(conversations)
      .set({ updatedAt: new Date(), lang: record.lang, ...(handoffId ? { status: 'handoff' as const } : {}) })
      .where(eq(conversations.id, record.conversationId))
    return { ...ids, replyMessageId, handoffId, awaitingHuman, customerSeq: Number(next), escalatedHandoffId: escalated[0]?.id ?? null }
  })
}

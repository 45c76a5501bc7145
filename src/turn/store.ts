/** Reads a conversation's context for a turn and writes the turn's results atomically. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
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

/** The conversation with its recent messages and sentiment, in one round trip. */
export async function loadConversation(db: Db, tenantId: string, conversationId: string, vault?: Vault): Promise<ConversationContext | null> {
  const [row] = await queryRows<{ id: string; status: ConversationStatus; lang: string | null; history: Json<ConversationContext['history']>; scores: Json<Array<number | null>> }>(
    db,
    sql`SELECT c.id, c.status, c.lang,
        (SELECT COALESCE(json_agg(json_build_object('role', m.role, 'text', m.text) ORDER BY m.seq), '[]')
           FROM (SELECT role, text, seq FROM messages WHERE tenant_id = ${tenantId} AND conversation_id = ${conversationId}
                 ORDER BY seq DESC LIMIT 20) m) AS history,
        (SELECT COALESCE(json_agg(t.sentiment_score ORDER BY t.created_at), '[]')
           FROM (SELECT sentiment_score, created_at FROM turns WHERE tenant_id = ${tenantId} AND conversation_id = ${conversationId}
                 ORDER BY created_at DESC LIMIT 5) t) AS scores
      FROM conversations c WHERE c.tenant_id = ${tenantId} AND c.id = ${conversationId}`,
  )
  if (!row) return null
  const history = parseJson(row.history)
  return {
    id: row.id,
    status: row.status,
    lang: row.lang,
    // PII the policy keeps is stored sealed; the turn works with the customer's actual words.
    history: vault ? await vault.openDeep(history) : history,
    previousSentiment: parseJson(row.scores).flatMap((s) => (s === null ? [] : [s])),
  }
}

/** postgres-js hands JSON columns over parsed, PGlite as text. */
type Json<T> = T | string
const parseJson = <T>(value: Json<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)

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
    const reply = awaitingHuman ? null : record.reply
    const handoff = awaitingHuman ? null : record.handoff
    const ids = { turnId: crypto.randomUUID(), customerMessageId: crypto.randomUUID() }
    const replyMessageId = reply ? crypto.randomUUID() : null
    const handoffId = handoff ? crypto.randomUUID() : null
    const base = { tenantId: record.tenantId, conversationId: record.conversationId }

    // Takes the sequence numbers of the message and its reply, and records what the turn did to the conversation.
    const [{ lastSeq }] = await tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} + ${reply ? 2 : 1}`, updatedAt: new Date(), lang: record.lang, ...(handoffId ? { status: 'handoff' as const } : {}) })
      .where(eq(conversations.id, record.conversationId))
      .returning({ lastSeq: conversations.lastSeq })
    const next = reply ? lastSeq - 1 : lastSeq

    await tx.insert(messages).values([
      { ...base, id: ids.customerMessageId, seq: next, role: 'customer' as const, text: record.customerText },
      ...(reply && replyMessageId ? [{ ...base, id: replyMessageId, seq: next + 1, role: 'bot' as const, text: reply.text, meta: reply.meta }] : []),
    ])
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
    return { ...ids, replyMessageId, handoffId, awaitingHuman, customerSeq: next, escalatedHandoffId: escalated[0]?.id ?? null }
  })
}

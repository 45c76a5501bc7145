/** Reads a conversation's context for a turn and writes the turn's results atomically. */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import { insertSelect } from '../db/insert-select.js'
import { decisionRows } from '../compliance/log.js'
import type { Decision } from '../compliance/types.js'
import { sealTurn } from '../privacy/seal.js'
import type { Vault } from '../privacy/vault.js'
import { handoffs, messages, turns, type ConversationStatus, type MessageRole } from '../db/schema/index.js'

export interface ConversationContext {
  id: string
  /** Whose conversation it is (null once erased): the route's access check compares it with the caller. */
  customerId: string | null
  status: ConversationStatus
  lang: string | null
  /** Recent messages, oldest first. */
  history: Array<{ role: MessageRole; text: string }>
  /** Sentiment scores of earlier turns, oldest first. */
  previousSentiment: number[]
}

/** Messages of history a turn reads. */
const HISTORY_MESSAGES = 20

/** The conversation with its recent messages (the last `historyMessages`) and sentiment, in one round trip. */
export async function loadConversation(db: Db, tenantId: string, conversationId: string, vault?: Vault, historyMessages = HISTORY_MESSAGES): Promise<ConversationContext | null> {
  const [row] = await queryRows<{ id: string; customer_id: string | null; status: ConversationStatus; lang: string | null; history: Json<ConversationContext['history']>; scores: Json<Array<number | null>> }>(
    db,
    sql`SELECT c.id, c.customer_id, c.status, c.lang,
        (SELECT COALESCE(json_agg(json_build_object('role', m.role, 'text', m.text) ORDER BY m.seq), '[]')
           FROM (SELECT role, text, seq FROM messages WHERE tenant_id = ${tenantId} AND conversation_id = ${conversationId}
                 ORDER BY seq DESC LIMIT ${historyMessages}) m) AS history,
        (SELECT COALESCE(json_agg(t.sentiment_score ORDER BY t.created_at), '[]')
           FROM (SELECT sentiment_score, created_at FROM turns WHERE tenant_id = ${tenantId} AND conversation_id = ${conversationId}
                 ORDER BY created_at DESC LIMIT 5) t) AS scores
      FROM conversations c WHERE c.tenant_id = ${tenantId} AND c.id = ${conversationId}`,
  )
  if (!row) return null
  const history = parseJson(row.history)
  return {
    id: row.id,
    customerId: row.customer_id,
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
  /** The conversation had ended (a person resolved it) and this message takes it back to the bot. */
  reopened: boolean
  /** When awaiting a person: the handoff the conversation waits on, with its priority after this message. */
  openHandoff: { id: string; priority: 'urgent' | 'normal' } | null
}

/**
 * Writes the customer message, the stage results, the reply, any handoff and the compliance
 * decisions (also to their append-only log) in one statement
 * (so in one round trip, and atomically). The conversation row is locked first, so concurrent
 * messages get consecutive sequence numbers and a reply is never stored into a conversation that a
 * person took over meanwhile: then only the message is stored, and the turn records why.
 */
export async function saveTurn(db: Db, input: TurnRecord, vault?: Vault): Promise<StoredTurn> {
  // PII values (kept by the policy, or in compliance spans) are encrypted wherever they appear.
  const record = vault ? await sealTurn(vault, input) : input
  const { tenantId, conversationId } = record
  const ids = { turnId: crypto.randomUUID(), customerMessageId: crypto.randomUUID() }
  const replyMessageId = record.reply ? crypto.randomUUID() : null
  const handoffId = record.handoff ? crypto.randomUUID() : null
  const base = { tenantId, conversationId }
  // In the statement below, `conv` is the locked conversation: `awaiting` (a person has it) and the
  // sequence number of the last message this turn writes.
  const customerSeq = sql`conv.last_seq - CASE WHEN conv.awaiting THEN 0 ELSE ${record.reply ? 1 : 0} END`
  const urgentDue = (record.handoff?.slaDueAt ?? new Date()).toISOString()
  // Every decision also goes to the append-only log, without the text it matched.
  const decisions = (record.turn.compliance ?? []).flatMap((entry) => {
    const { stage, ...decision } = entry as Decision & { stage: 'input' | 'output' }
    const subject = stage === 'input' ? 'customer_message' : 'bot_reply'
    return decisionRows([decision], { tenantId, conversationId, subject, messageId: null }).map((r) => ({
      id: r.id, subject, rule_id: r.ruleId, category: r.category, action: r.action, spans: r.spans, score: r.score,
    }))
  })
  const [row] = await queryRows<{ awaiting: boolean; reopened: boolean; customer_seq: number; escalated: string | null; open_id: string | null; open_priority: 'urgent' | 'normal' | null }>(
    db,
    sql`WITH locked AS (
        SELECT status FROM conversations WHERE tenant_id = ${tenantId} AND id = ${conversationId} FOR UPDATE
      ), conv AS (
        UPDATE conversations c SET
          last_seq = c.last_seq + CASE WHEN l.status = 'handoff' THEN 1 ELSE ${record.reply ? 2 : 1} END,
          -- A customer writing after a person resolved the conversation is talking to the bot again (and a
          -- transcript kept only until the conversation ends must not be purged while they do).
          status = CASE WHEN l.status <> 'handoff' AND ${handoffId !== null} THEN 'handoff' WHEN l.status = 'closed' THEN 'bot' ELSE c.status END,
          lang = ${record.lang}, updated_at = now()
        FROM locked l WHERE c.tenant_id = ${tenantId} AND c.id = ${conversationId}
        RETURNING l.status = 'handoff' AS awaiting, l.status = 'closed' AS reopened, c.last_seq
      ), customer_message AS (
        ${insertSelect(messages, { ...base, id: ids.customerMessageId, seq: customerSeq, role: 'customer', text: record.customerText }, sql`FROM conv`)}
      ), reply_message AS (
        ${record.reply
          ? insertSelect(messages, { ...base, id: replyMessageId!, seq: sql`conv.last_seq`, role: 'bot', text: record.reply.text, meta: record.reply.meta }, sql`FROM conv WHERE NOT conv.awaiting`)
          : sql`SELECT 1`}
      ), turn AS (
        ${insertSelect(turns, {
          ...base,
          ...record.turn,
          id: ids.turnId,
          customerMessageId: ids.customerMessageId,
          replyMessageId: sql`CASE WHEN conv.awaiting THEN NULL ELSE ${replyMessageId} END`,
          route: sql`CASE WHEN conv.awaiting THEN 'handoff' ELSE ${record.turn.route} END`,
          routeReasons: sql`CASE WHEN conv.awaiting THEN '["awaiting_human"]'::jsonb ELSE ${JSON.stringify(record.turn.routeReasons ?? [])}::jsonb END`,
        }, sql`FROM conv`)}
      ), handoff AS (
        ${record.handoff
          ? insertSelect(handoffs, { ...base, ...record.handoff, id: handoffId!, turnId: ids.turnId }, sql`FROM conv WHERE NOT conv.awaiting`)
          : sql`SELECT 1`}
      ), decisions AS (
        ${decisions.length
          ? sql`INSERT INTO compliance_decisions (id, tenant_id, conversation_id, subject, message_id, turn_id, rule_id, category, action, spans, score)
              SELECT d.id, ${tenantId}, ${conversationId}, d.subject,
                     CASE WHEN d.subject = 'customer_message' THEN ${ids.customerMessageId} WHEN conv.awaiting THEN NULL ELSE ${replyMessageId} END,
                     ${ids.turnId}, d.rule_id, d.category, d.action, d.spans, d.score
              FROM conv, jsonb_to_recordset(${JSON.stringify(decisions)}::jsonb)
                AS d(id text, subject text, rule_id text, category text, action text, spans jsonb, score real)`
          : sql`SELECT 1`}
      ), escalated AS (
        UPDATE handoffs h SET priority = 'urgent', sla_due_at = LEAST(h.sla_due_at, ${urgentDue}::timestamptz), updated_at = now()
        FROM conv WHERE conv.awaiting AND ${record.handoff?.priority === 'urgent'}
          AND h.conversation_id = ${conversationId} AND h.state IN ('waiting', 'claimed') AND h.priority = 'normal'
        RETURNING h.id
      ), open_handoff AS (
        SELECT h.id, h.priority FROM handoffs h, conv
        WHERE conv.awaiting AND h.tenant_id = ${tenantId} AND h.conversation_id = ${conversationId} AND h.state IN ('waiting', 'claimed')
        ORDER BY h.created_at DESC LIMIT 1
      )
      SELECT conv.awaiting, conv.reopened, ${customerSeq} AS customer_seq, (SELECT id FROM escalated LIMIT 1) AS escalated,
             (SELECT id FROM open_handoff) AS open_id, (SELECT priority FROM open_handoff) AS open_priority
      FROM conv`,
  )
  if (!row) throw new Error(`conversation ${conversationId} vanished during the turn`)
  const awaitingHuman = Boolean(row.awaiting)
  return {
    ...ids,
    replyMessageId: awaitingHuman ? null : replyMessageId,
    handoffId: awaitingHuman ? null : handoffId,
    awaitingHuman,
    reopened: Boolean(row.reopened) && handoffId === null,
    customerSeq: Number(row.customer_seq),
    escalatedHandoffId: row.escalated,
    // The escalation's update is not visible to the rest of the statement: its priority is read from it.
    openHandoff: row.open_id ? { id: row.open_id, priority: row.escalated ? 'urgent' : (row.open_priority ?? 'normal') } : null,
  }
}

/** Writes conversations, turns, handoffs and ratings straight to the database, at chosen times. */
import type { Db } from '../../src/db/client.js'
import { conversations, handoffFeedback, handoffs, messages, turns } from '../../src/db/schema/index.js'

export interface SeedTurn {
  at: string
  intent: string
  route: 'answer' | 'handoff'
  reasons?: string[]
  latencyMs?: number
  sentiment?: number
  reply?: boolean
  citations?: number
  text?: string
  compliance?: Array<{ stage: string; ruleId: string; action: string }>
}

export interface SeedHandoff {
  reason: string
  state: 'waiting' | 'claimed' | 'resolved' | 'returned'
  at: string
  slaDueAt: string
  firstReplyAt?: string
  resolvedAt?: string
  rating?: number
  priority?: 'urgent' | 'normal'
}

const minutesAfter = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000)

export async function seedConversation(db: Db, tenantId: string, c: { customerId: string | null; at: string; turns: SeedTurn[]; handoff?: SeedHandoff }) {
  const id = crypto.randomUUID()
  const last = c.turns.at(-1)?.at ?? c.at
  await db.insert(conversations).values({ id, tenantId, customerId: c.customerId, status: c.handoff ? 'handoff' : 'bot', lang: 'en', lastSeq: c.turns.reduce((n, t) => n + (t.reply === false ? 1 : 2), 0), createdAt: new Date(c.at), updatedAt: minutesAfter(last, 1) })
  let seq = 0
  let firstTurnId: string | null = null
  for (const t of c.turns) {
    const customerMessageId = crypto.randomUUID()
    await db.insert(messages).values({ id: customerMessageId, tenantId, conversationId: id, seq: ++seq, role: 'customer', text: t.text ?? `question about ${t.intent}`, createdAt: new Date(t.at) })
    const replyId = t.reply === false ? null : crypto.randomUUID()
    if (replyId) {
      const citations = Array.from({ length: t.citations ?? (t.route === 'answer' ? 1 : 0) }, (_, i) => ({ doc_id: `doc-${i}`, title: 'Doc', url: null, snippet: 'x' }))
      await db.insert(messages).values({ id: replyId, tenantId, conversationId: id, seq: ++seq, role: 'bot', text: 'reply', meta: { citations, route: t.route }, createdAt: new Date(t.at) })
    }
    const turnId = crypto.randomUUID()
    firstTurnId ??= turnId
    await db.insert(turns).values({
      id: turnId, tenantId, conversationId: id, customerMessageId, replyMessageId: replyId,
      intent: t.intent, intentConfidence: 0.9, sentiment: (t.sentiment ?? 0) < -0.3 ? 'negative' : 'neutral', sentimentScore: t.sentiment ?? 0,
      route: t.route, routeReasons: t.reasons ?? [], compliance: t.compliance ?? [], latencyMs: t.latencyMs ?? 100, createdAt: new Date(t.at),
    })
  }
  let handoffId: string | null = null
  if (c.handoff) {
    const h = c.handoff
    handoffId = crypto.randomUUID()
    await db.insert(handoffs).values({
      id: handoffId, tenantId, conversationId: id, turnId: firstTurnId, reason: h.reason, reasons: [h.reason], priority: h.priority ?? 'normal', state: h.state,
      slaDueAt: new Date(h.slaDueAt), createdAt: new Date(h.at), updatedAt: new Date(h.at),
      firstReplyAt: h.firstReplyAt ? new Date(h.firstReplyAt) : null,
      timeToFirstReplyMs: h.firstReplyAt ? Date.parse(h.firstReplyAt) - Date.parse(h.at) : null,
      resolvedAt: h.resolvedAt ? new Date(h.resolvedAt) : null,
    })
    if (h.rating !== undefined) {
      await db.insert(handoffFeedback).values({ id: crypto.randomUUID(), tenantId, handoffId, conversationId: id, rating: h.rating, createdAt: new Date(h.resolvedAt ?? h.at) })
    }
  }
  return { id, handoffId }
}

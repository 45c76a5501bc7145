/** The JSON shape of a handoff in the agent API, the SSE stream and the console. */
import type { handoffs } from '../db/schema/index.js'
import type { HandoffPacket } from './packet.js'

export type HandoffRow = typeof handoffs.$inferSelect

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function handoffView(row: HandoffRow, now = new Date()) {
  const packet = row.packet as Partial<HandoffPacket>
  const open = row.state === 'waiting' || row.state === 'claimed'
  const overdue = open && row.firstReplyAt === null && new Date(row.slaDueAt) < now
  return {
    id: row.id,
    conversation_id: row.conversationId,
    state: row.state,
    priority: row.priority,
    reason: row.reason,
    reason_category: packet.reasonCategory ?? null,
    reasons: row.reasons,
    skill: row.skill,
    summary: packet.summary ?? null,
    // Packets from before the model's note existed carry the extractive summary.
    summary_source: packet.summary ? (packet.summarySource ?? 'extractive') : null,
    last_message: packet.lastMessage ?? null,
    claimed_by: row.state === 'claimed' ? row.claimedBy : null,
    claimed_at: row.state === 'claimed' ? iso(row.claimedAt) : null,
    lease_expires_at: row.state === 'claimed' ? iso(row.leaseExpiresAt) : null,
    sla_due_at: iso(row.slaDueAt),
    sla_breached: row.slaBreachedAt !== null || overdue,
    sla_breached_at: iso(row.slaBreachedAt),
    time_to_claim_ms: row.timeToClaimMs,
    first_reply_at: iso(row.firstReplyAt),
    time_to_first_reply_ms: row.timeToFirstReplyMs,
    resolved_at: iso(row.resolvedAt),
    returned_at: iso(row.returnedAt),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  }
}

export type HandoffView = ReturnType<typeof handoffView>

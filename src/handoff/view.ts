/** The JSON shape of a handoff in the agent API, the SSE stream and the console. */
import type { handoffs } from '../db/schema/index.js'
import type { HandoffPacket } from './packet.js'
import { truncate } from '../text/truncate.js'

export type HandoffRow = typeof handoffs.$inferSelect

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/**
 * A queue listing carries the start of the summary and of the last message (a page of 500 would
 * otherwise carry megabytes of text nobody reads in a list); the handoff itself has them whole.
 */
export const QUEUE_PREVIEW_CHARS = 280

export function handoffView(row: HandoffRow, now = new Date(), opts: { preview?: number } = {}) {
  const packet = row.packet as Partial<HandoffPacket>
  const shown = (text: string | null | undefined) => (text == null ? null : opts.preview ? truncate(text, opts.preview, '…') : text)
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
    summary: shown(packet.summary),
    // Packets from before the model's note existed carry the extractive summary.
    summary_source: packet.summary ? (packet.summarySource ?? 'extractive') : null,
    last_message: shown(packet.lastMessage),
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

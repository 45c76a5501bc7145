/** Reading the queue and one handoff with its packet, transcript and activity. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { conversations, handoffActivity, handoffs, messages, staff, type HandoffPriority, type HandoffState } from '../db/schema/index.js'
import { handoffNotFound } from './errors.js'
import { handoffView, QUEUE_PREVIEW_CHARS } from './view.js'

export interface QueueFilter {
  state?: HandoffState | 'open' | 'all'
  priority?: HandoffPriority
  skill?: string
  breached?: boolean
  /** Only handoffs claimed by this staff member. */
  claimedBy?: string
  limit?: number
}

/** Past the deadline with no human reply yet, whether or not the sweep has flagged it. */
const breachedSql = or(isNotNull(handoffs.slaBreachedAt), and(isNull(handoffs.firstReplyAt), inArray(handoffs.state, ['waiting', 'claimed']), lt(handoffs.slaDueAt, sql`now()`)))!

export async function listQueue(db: Db, tenantId: string, filter: QueueFilter = {}) {
  const state = filter.state ?? 'open'
  const where: Array<SQL | undefined> = [
    eq(handoffs.tenantId, tenantId),
    state === 'all' ? undefined : state === 'open' ? inArray(handoffs.state, ['waiting', 'claimed']) : eq(handoffs.state, state),
    filter.priority ? eq(handoffs.priority, filter.priority) : undefined,
    filter.skill ? eq(handoffs.skill, filter.skill) : undefined,
    filter.breached === undefined ? undefined : filter.breached ? breachedSql : sql`NOT (${breachedSql})`,
    filter.claimedBy ? and(eq(handoffs.state, 'claimed'), eq(handoffs.claimedBy, filter.claimedBy)) : undefined,
  ]
  const rows = await db
    .select()
    .from(handoffs)
    .where(and(...where))
    .orderBy(desc(sql`${handoffs.priority} = 'urgent'`), asc(handoffs.slaDueAt), asc(handoffs.createdAt))
    .limit(filter.limit ?? 100)
  const now = new Date()
  return rows.map((r) => handoffView(r, now, { preview: QUEUE_PREVIEW_CHARS }))
}

/** The handoff with its packet, the whole transcript (customer messages written while waiting included) and notes. */
export async function getHandoff(db: Db, tenantId: string, id: string) {
  const [row] = await db.select().from(handoffs).where(and(eq(handoffs.tenantId, tenantId), eq(handoffs.id, id)))
  if (!row) throw handoffNotFound(id)
  const [[conversation], transcript, activity] = await Promise.all([
    db.select({ status: conversations.status, lang: conversations.lang, customerId: conversations.customerId }).from(conversations).where(eq(conversations.id, row.conversationId)),
    db
      .select({ id: messages.id, seq: messages.seq, role: messages.role, text: messages.text, meta: messages.meta, created_at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, row.conversationId)))
      .orderBy(asc(messages.seq)),
    db
      .select({ id: handoffActivity.id, kind: handoffActivity.kind, text: handoffActivity.text, data: handoffActivity.data, staff_id: handoffActivity.staffId, staff_name: staff.name, created_at: handoffActivity.createdAt })
      .from(handoffActivity)
      .leftJoin(staff, eq(staff.id, handoffActivity.staffId))
      .where(eq(handoffActivity.handoffId, id))
      .orderBy(asc(handoffActivity.createdAt)),
  ])
  return {
    ...handoffView(row),
    packet: row.packet,
    conversation: { id: row.conversationId, status: conversation?.status ?? null, lang: conversation?.lang ?? null, customer_id: conversation?.customerId ?? null },
    messages: transcript,
    notes: activity.filter((a) => a.kind === 'note'),
    activity: activity.filter((a) => a.kind !== 'note'),
  }
}

/**
 * Alert rules measured against stored data for one tenant over a trailing window:
 * complaint rate and handoff rate (per conversation active in the window), a handoff-rate spike
 * (the window's rate over the rate in the baseline before it) and SLA breaches (handoffs whose
 * first-reply deadline passed in the window without a reply by then).
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client.js'
import type { AlertRule } from '../config.js'

export interface Measurement {
  value: number
  /** Conversations active in the window (the base of the rates). */
  conversations: number
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`

async function windowCounts(db: Db, tenantId: string, start: Date, end: Date, opts: { complaintIntents: string[]; strongNegative: number }) {
  const intents = opts.complaintIntents.length ? opts.complaintIntents : ['complaint']
  const [row] = await queryRows<{ conversations: number; complaints: number; handoffs: number }>(
    db,
    sql`SELECT
          (SELECT count(DISTINCT conversation_id) FROM turns WHERE tenant_id = ${tenantId} AND created_at >= ${ts(start)} AND created_at < ${ts(end)})::int AS conversations,
          (SELECT count(DISTINCT conversation_id) FROM turns WHERE tenant_id = ${tenantId} AND created_at >= ${ts(start)} AND created_at < ${ts(end)}
             AND (intent IN (${sql.join(intents.map((i) => sql`${i}`), sql`, `)}) OR sentiment_score <= ${opts.strongNegative}))::int AS complaints,
          (SELECT count(*) FROM handoffs WHERE tenant_id = ${tenantId} AND created_at >= ${ts(start)} AND created_at < ${ts(end)})::int AS handoffs`,
  )
  return { conversations: Number(row.conversations), complaints: Number(row.complaints), handoffs: Number(row.handoffs) }
}

export async function measure(
  db: Db,
  tenantId: string,
  rule: AlertRule,
  now: Date,
  opts: { complaintIntents: string[]; strongNegative: number },
): Promise<Measurement> {
  const start = new Date(now.getTime() - rule.window_minutes * 60_000)
  if (rule.metric === 'sla_breaches') {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM handoffs WHERE tenant_id = ${tenantId}
            AND sla_due_at >= ${ts(start)} AND sla_due_at < ${ts(now)}
            AND (first_reply_at IS NULL OR first_reply_at > sla_due_at)
            AND NOT (state IN ('resolved', 'returned') AND first_reply_at IS NULL AND COALESCE(resolved_at, returned_at) <= sla_due_at)`,
    )
    const w = await windowCounts(db, tenantId, start, now, opts)
    return { value: Number(row.n), conversations: w.conversations }
  }
  const w = await windowCounts(db, tenantId, start, now, opts)
  const rate = (n: number, d: number) => (d > 0 ? n / d : 0)
  if (rule.metric === 'complaint_rate') return { value: rate(w.complaints, w.conversations), conversations: w.conversations }
  if (rule.metric === 'handoff_rate') return { value: rate(w.handoffs, w.conversations), conversations: w.conversations }
  // handoff_rate_spike: window rate / baseline rate; with no baseline handoffs any handoff rate is a spike of its size.
  const baseStart = new Date(start.getTime() - rule.baseline_minutes * 60_000)
  const b = await windowCounts(db, tenantId, baseStart, start, opts)
  const current = rate(w.handoffs, w.conversations)
  const baseline = rate(b.handoffs, b.conversations)
  return { value: baseline > 0 ? current / baseline : current > 0 ? Infinity : 0, conversations: w.conversations }
}

export function breaches(rule: AlertRule, m: Measurement): boolean {
  if (rule.metric !== 'sla_breaches' && m.conversations < rule.min_conversations) return false
  return m.value > rule.above
}

/**
 * The SQL behind the KPIs. Each query returns rows for three grouping sets at once, the whole
 * range, per day and per intent (the conversation's first intent), so percentiles stay exact.
 * Days are UTC. Conversations count on the day they started, handoffs on the day they were raised,
 * answer votes on the day the answer was first rated.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client.js'

export interface Range {
  tenantId: string
  /** Inclusive start, exclusive end. */
  start: Date
  end: Date
}

/** Rows carry `g_day`/`g_intent` = 1 when the column is aggregated away (SQL GROUPING()). */
export interface Grouped {
  day: string | null
  intent: string | null
  g_day: number
  g_intent: number
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`
const day = (col: string) => sql.raw(`to_char((${col} AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')`)
const firstIntent = (conversation: string) =>
  sql.raw(`COALESCE((SELECT t1.intent FROM turns t1 WHERE t1.conversation_id = ${conversation} ORDER BY t1.created_at, t1.id LIMIT 1), '-')`)
const SETS = sql.raw('GROUPING SETS ((), (day), (intent))')

export interface ConversationRow extends Grouped {
  conversations: number
  ai_resolved: number
  first_contact_resolved: number
  handed_off: number
  complaints: number
  bot_p50: number | null
  bot_p95: number | null
  bot_n: number
}

/**
 * Per conversation: handed off or not, resolved (by the bot: answered and never handed off; by a
 * person: its one handoff resolved), reopened (the same identified customer started another
 * conversation within 24 h of this one's last activity), a complaint (complaint intent, or a
 * message at or below the strong-negative sentiment score), and how long the first reply took.
 */
export function conversationKpis(db: Db, r: Range, opts: { complaintIntents: string[]; strongNegative: number }) {
  const complaintIntents = opts.complaintIntents.length ? opts.complaintIntents : ['complaint']
  return queryRows<ConversationRow>(
    db,
    sql`WITH conv AS (
      SELECT c.id, ${day('c.created_at')} AS day, ${firstIntent('c.id')} AS intent,
        (SELECT count(*) FROM handoffs h WHERE h.conversation_id = c.id) AS handoffs,
        EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id AND h.state = 'resolved') AS human_resolved,
        EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id AND t.route = 'answer') AS bot_answered,
        EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id
          AND (t.intent IN (${sql.join(complaintIntents.map((i) => sql`${i}`), sql`, `)}) OR t.sentiment_score <= ${opts.strongNegative})) AS complaint,
        EXISTS (SELECT 1 FROM conversations o WHERE o.tenant_id = c.tenant_id AND o.customer_id = c.customer_id AND o.id <> c.id
          AND c.customer_id IS NOT NULL AND c.customer_id <> 'anonymous'
          AND o.created_at > c.created_at AND o.created_at <= c.updated_at + interval '24 hours') AS reopened,
        (SELECT t.latency_ms FROM turns t WHERE t.conversation_id = c.id AND t.reply_message_id IS NOT NULL ORDER BY t.created_at, t.id LIMIT 1) AS first_reply_ms
      FROM conversations c
      WHERE c.tenant_id = ${r.tenantId} AND c.created_at >= ${ts(r.start)} AND c.created_at < ${ts(r.end)}
        AND EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)
    )
    SELECT day, intent, GROUPING(day) AS g_day, GROUPING(intent) AS g_intent,
      count(*)::int AS conversations,
      (count(*) FILTER (WHERE handoffs = 0 AND bot_answered AND NOT reopened))::int AS ai_resolved,
      (count(*) FILTER (WHERE ((handoffs = 0 AND bot_answered) OR (handoffs = 1 AND human_resolved)) AND NOT reopened))::int AS first_contact_resolved,
      (count(*) FILTER (WHERE handoffs > 0))::int AS handed_off,
      (count(*) FILTER (WHERE complaint))::int AS complaints,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reply_ms) AS bot_p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY first_reply_ms) AS bot_p95,
      count(first_reply_ms)::int AS bot_n
    FROM conv GROUP BY ${SETS}`,
  )
}

export interface HandoffRow extends Grouped {
  reason: string | null
  g_reason: number
  handoffs: number
  sla_breaches: number
  resolved: number
  rated: number
  satisfied: number
  human_p50: number | null
  human_p95: number | null
  human_n: number
}

/**
 * Handoffs raised in the range: by reason, SLA breaches (flagged by the sweep, or the first human
 * reply, or its absence now, past the deadline), time to the first human reply, and the ratings
 * of the resolved ones (CSAT = 4-5 among ratings; response rate = ratings per resolved handoff).
 */
export function handoffKpis(db: Db, r: Range) {
  return queryRows<HandoffRow>(
    db,
    sql`WITH h AS (
      SELECT ${day('h.created_at')} AS day, ${firstIntent('h.conversation_id')} AS intent, h.reason, h.state,
        h.time_to_first_reply_ms AS ttfr,
        (h.sla_breached_at IS NOT NULL OR COALESCE(h.first_reply_at, CASE WHEN h.state IN ('waiting', 'claimed') THEN now() END) > h.sla_due_at) AS breached,
        f.rating
      FROM handoffs h LEFT JOIN handoff_feedback f ON f.handoff_id = h.id
      WHERE h.tenant_id = ${r.tenantId} AND h.created_at >= ${ts(r.start)} AND h.created_at < ${ts(r.end)}
    )
    SELECT day, intent, reason, GROUPING(day) AS g_day, GROUPING(intent) AS g_intent, GROUPING(reason) AS g_reason,
      count(*)::int AS handoffs,
      (count(*) FILTER (WHERE breached))::int AS sla_breaches,
      (count(*) FILTER (WHERE state = 'resolved'))::int AS resolved,
      (count(*) FILTER (WHERE state = 'resolved' AND rating IS NOT NULL))::int AS rated,
      (count(*) FILTER (WHERE state = 'resolved' AND rating >= 4))::int AS satisfied,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ttfr) AS human_p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY ttfr) AS human_p95,
      count(ttfr)::int AS human_n
    FROM h GROUP BY GROUPING SETS ((), (day), (intent), (reason), (day, reason), (intent, reason))`,
  )
}

export interface AnswerFeedbackRow extends Grouped {
  helpful: number
  not_helpful: number
}

/**
 * "Was this helpful?" votes on the assistant's answers, counted on the day the answer was first
 * rated, with the vote as it stands now (a customer may change it).
 */
export function answerFeedbackKpis(db: Db, r: Range) {
  return queryRows<AnswerFeedbackRow>(
    db,
    sql`WITH f AS (
      SELECT ${day('f.created_at')} AS day, ${firstIntent('f.conversation_id')} AS intent, f.helpful
      FROM answer_feedback f
      WHERE f.tenant_id = ${r.tenantId} AND f.created_at >= ${ts(r.start)} AND f.created_at < ${ts(r.end)}
    )
    SELECT day, intent, GROUPING(day) AS g_day, GROUPING(intent) AS g_intent,
      (count(*) FILTER (WHERE helpful))::int AS helpful,
      (count(*) FILTER (WHERE NOT helpful))::int AS not_helpful
    FROM f GROUP BY ${SETS}`,
  )
}

export interface ComplianceRow extends Grouped {
  rule: string
  action: string
  n: number
}

/** Compliance decisions of turns in the range, by rule and action (a turn counts once per decision). */
export function complianceKpis(db: Db, r: Range) {
  return queryRows<ComplianceRow>(
    db,
    sql`WITH d AS (
      SELECT ${day('t.created_at')} AS day, ${firstIntent('t.conversation_id')} AS intent,
        COALESCE(e->>'ruleId', '-') AS rule, COALESCE(e->>'action', '-') AS action
      FROM turns t CROSS JOIN LATERAL jsonb_array_elements(t.compliance) AS e
      WHERE t.tenant_id = ${r.tenantId} AND t.created_at >= ${ts(r.start)} AND t.created_at < ${ts(r.end)}
        AND jsonb_typeof(t.compliance) = 'array'
    )
    SELECT day, intent, rule, action, GROUPING(day) AS g_day, GROUPING(intent) AS g_intent, count(*)::int AS n
    FROM d GROUP BY GROUPING SETS ((rule, action), (day, rule, action), (intent, rule, action))`,
  )
}

export interface ArchivedRow {
  metric: string
  key: string
  n: number
  total: number
}

/** What retention already rolled into kpi_daily for these days (counts and sums only). */
export function archivedKpis(db: Db, r: Range) {
  const first = r.start.toISOString().slice(0, 10)
  const last = new Date(r.end.getTime() - 1).toISOString().slice(0, 10)
  return queryRows<ArchivedRow>(
    db,
    sql`SELECT metric, key, sum(n)::float8 AS n, sum(total)::float8 AS total FROM kpi_daily
        WHERE tenant_id = ${r.tenantId} AND day >= ${first}::date AND day <= ${last}::date GROUP BY 1, 2`,
  )
}

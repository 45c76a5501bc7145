/** Assembles the KPI queries into one summary: the whole range, each day, each intent. */
import type { Db } from '../../db/client.js'
import { answerFeedbackKpis, archivedKpis, complianceKpis, conversationKpis, handoffKpis, type ConversationRow, type Grouped, type HandoffRow, type Range } from './queries.js'

export interface Percentiles {
  p50_ms: number | null
  p95_ms: number | null
  n: number
}

/** "Was this helpful?" votes on the assistant's answers; the rate is helpful among all votes. */
export interface AnswerVotes {
  helpful: number
  not_helpful: number
  helpful_rate: number | null
}

export interface Kpis {
  conversations: number
  ai_resolved: number
  /** Resolved by the bot alone and not reopened within 24 h, per conversation. */
  ai_resolution_rate: number | null
  first_contact_resolved: number
  first_contact_resolution_rate: number | null
  handoffs: number
  /** Handoffs per conversation (several handoffs in one conversation each count). */
  handoff_rate: number | null
  handoffs_by_reason: Array<{ reason: string; count: number; rate: number | null }>
  time_to_first_reply: { bot: Percentiles; human: Percentiles }
  sla_breaches: number
  /** Share of 4-5 ratings among ratings of resolved handoffs. */
  csat: number | null
  csat_responses: number
  survey_response_rate: number | null
  complaints: number
  complaint_rate: number | null
  compliance_actions: Array<{ rule: string; action: string; count: number }>
  /** Answers first rated in the range (per day: on that day; per intent: in conversations of that intent), each with its current vote. */
  answer_feedback: AnswerVotes
}

export interface Archived {
  turns: number
  handoffs_by_reason: Array<{ reason: string; count: number }>
  sla_breaches: number
  ratings: number
  mean_rating: number | null
  answer_feedback: AnswerVotes
}

export interface Summary {
  tenant_id: string
  from: string
  to: string
  totals: Kpis
  by_day: Array<Kpis & { day: string }>
  by_intent: Array<Kpis & { intent: string }>
  /** Rows that retention removed, as rolled into kpi_daily (no per-intent detail survives). */
  archived: Archived
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null)
const votes = (helpful: number, notHelpful: number): AnswerVotes => ({ helpful, not_helpful: notHelpful, helpful_rate: share(helpful, helpful + notHelpful) })
const ms = (v: number | string | null) => (v === null || v === undefined ? null : Math.round(Number(v)))

function emptyKpis(): Kpis {
  return {
    conversations: 0, ai_resolved: 0, ai_resolution_rate: null, first_contact_resolved: 0, first_contact_resolution_rate: null,
    handoffs: 0, handoff_rate: null, handoffs_by_reason: [],
    time_to_first_reply: { bot: { p50_ms: null, p95_ms: null, n: 0 }, human: { p50_ms: null, p95_ms: null, n: 0 } },
    sla_breaches: 0, csat: null, csat_responses: 0, survey_response_rate: null, complaints: 0, complaint_rate: null, compliance_actions: [],
    answer_feedback: votes(0, 0),
  }
}

type GroupKey = 'total' | `day:${string}` | `intent:${string}`
const keyOf = (g: Grouped): GroupKey | null =>
  g.g_day && g.g_intent ? 'total' : !Number(g.g_day) ? `day:${g.day}` : !Number(g.g_intent) ? `intent:${g.intent}` : null

export interface SummaryOptions {
  complaintIntents: string[]
  strongNegative: number
}

export async function computeSummary(db: Db, range: Range, opts: SummaryOptions): Promise<Summary> {
  const conv = await conversationKpis(db, range, opts)
  const hand = await handoffKpis(db, range)
  const comp = await complianceKpis(db, range)
  const voted = await answerFeedbackKpis(db, range)
  const arch = await archivedKpis(db, range)

  const groups = new Map<GroupKey, Kpis>([['total', emptyKpis()]])
  const group = (g: Grouped) => {
    const key = keyOf({ ...g, g_day: Number(g.g_day), g_intent: Number(g.g_intent) })
    if (!key) return null
    let k = groups.get(key)
    if (!k) groups.set(key, (k = emptyKpis()))
    return k
  }
  for (const r of conv) applyConversations(group(r)!, r)
  for (const r of hand) {
    const k = group(r)
    if (k) applyHandoffs(k, r)
  }
  for (const r of comp) {
    const k = group(r)
    if (k) k.compliance_actions.push({ rule: r.rule, action: r.action, count: Number(r.n) })
  }
  for (const r of voted) {
    const k = group(r)
    if (k) k.answer_feedback = votes(Number(r.helpful), Number(r.not_helpful))
  }
  for (const k of groups.values()) {
    k.handoff_rate = share(k.handoffs, k.conversations)
    for (const r of k.handoffs_by_reason) r.rate = share(r.count, k.conversations)
    k.handoffs_by_reason.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    k.compliance_actions.sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule) || a.action.localeCompare(b.action))
  }

  const entries = [...groups.entries()]
  return {
    tenant_id: range.tenantId,
    from: range.start.toISOString().slice(0, 10),
    to: new Date(range.end.getTime() - 1).toISOString().slice(0, 10),
    totals: groups.get('total')!,
    by_day: entries.filter(([k]) => k.startsWith('day:')).map(([k, v]) => ({ day: k.slice(4), ...v })).sort((a, b) => a.day.localeCompare(b.day)),
    by_intent: entries.filter(([k]) => k.startsWith('intent:')).map(([k, v]) => ({ intent: k.slice(7), ...v })).sort((a, b) => b.conversations - a.conversations || a.intent.localeCompare(b.intent)),
    archived: archived(arch),
  }
}

function applyConversations(k: Kpis, r: ConversationRow) {
  k.conversations = Number(r.conversations)
  k.ai_resolved = Number(r.ai_resolved)
  k.ai_resolution_rate = share(k.ai_resolved, k.conversations)
  k.first_contact_resolved = Number(r.first_contact_resolved)
  k.first_contact_resolution_rate = share(k.first_contact_resolved, k.conversations)
  k.complaints = Number(r.complaints)
  k.complaint_rate = share(k.complaints, k.conversations)
  k.time_to_first_reply.bot = { p50_ms: ms(r.bot_p50), p95_ms: ms(r.bot_p95), n: Number(r.bot_n) }
}

function applyHandoffs(k: Kpis, r: HandoffRow) {
  if (Number(r.g_reason) === 0) {
    k.handoffs_by_reason.push({ reason: r.reason ?? '-', count: Number(r.handoffs), rate: null })
    return
  }
  k.handoffs = Number(r.handoffs)
  k.sla_breaches = Number(r.sla_breaches)
  k.csat_responses = Number(r.rated)
  k.csat = share(Number(r.satisfied), Number(r.rated))
  k.survey_response_rate = share(Number(r.rated), Number(r.resolved))
  k.time_to_first_reply.human = { p50_ms: ms(r.human_p50), p95_ms: ms(r.human_p95), n: Number(r.human_n) }
}

function archived(rows: Array<{ metric: string; key: string; n: number; total: number }>): Archived {
  const of = (metric: string) => rows.filter((r) => r.metric === metric)
  const ratings = of('rating').reduce((a, r) => ({ n: a.n + Number(r.n), sum: a.sum + Number(r.total) }), { n: 0, sum: 0 })
  // n: votes, total: the helpful ones (see the registry's rollup).
  const answerVotes = of('answer_feedback').reduce((a, r) => ({ n: a.n + Number(r.n), helpful: a.helpful + Number(r.total) }), { n: 0, helpful: 0 })
  return {
    turns: of('turns').reduce((a, r) => a + Number(r.n), 0),
    handoffs_by_reason: of('handoffs').map((r) => ({ reason: r.key, count: Number(r.n) })).sort((a, b) => b.count - a.count),
    sla_breaches: of('handoffs_sla_breached').reduce((a, r) => a + Number(r.n), 0),
    ratings: ratings.n,
    mean_rating: ratings.n ? Math.round((ratings.sum / ratings.n) * 100) / 100 : null,
    answer_feedback: votes(answerVotes.helpful, answerVotes.n - answerVotes.helpful),
  }
}

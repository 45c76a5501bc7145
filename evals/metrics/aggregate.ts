/**
 * The suite's metrics, overall and per expected intent and language. Every metric carries `n`:
 * the number of case runs whose expected states what it needs (for precision: the predicted handoffs).
 */
import type { ScoredCase } from '../types.js'
import { expectsGroundedAnswer, predictedSentiment } from './score.js'
import { macroF1, mean, percentile, share } from './stats.js'

export interface Metric {
  value: number | null
  n: number
}

export interface MetricSet {
  answer_accuracy: Metric
  intent_accuracy: Metric
  route_accuracy: Metric
  handoff_precision: Metric
  handoff_recall: Metric
  sentiment_accuracy: Metric
  sentiment_macro_f1: Metric
  compliance_recall: Metric
  compliance_false_positive_rate: Metric
  retrieval_hit_at_1: Metric
  retrieval_hit_at_5: Metric
  retrieval_mrr: Metric
  latency_ms: Percentiles
  /** Length of the replies that answered (not handed off, not refused), in characters. */
  reply_chars: Percentiles
  errors: Metric
  /** Only with more than one run: share of cases right in every run. */
  consistency?: Metric
}

export interface Percentiles {
  p50: number | null
  p95: number | null
  n: number
}

/** Metrics given as the p50 and p95 of a distribution; reports before reply_chars lack it. */
export const PERCENTILE_METRICS = ['latency_ms', 'reply_chars'] as const

export interface Metrics extends MetricSet {
  by_intent: Record<string, MetricSet>
  by_lang: Record<string, MetricSet>
}

export const METRIC_NAMES = [
  'answer_accuracy',
  'intent_accuracy',
  'route_accuracy',
  'handoff_precision',
  'handoff_recall',
  'sentiment_accuracy',
  'sentiment_macro_f1',
  'compliance_recall',
  'compliance_false_positive_rate',
  'retrieval_hit_at_1',
  'retrieval_hit_at_5',
  'retrieval_mrr',
  'consistency',
] as const

const flag = (cases: ScoredCase[], pick: (c: ScoredCase) => boolean | undefined): Metric => {
  const flags = cases.map(pick).filter((v): v is boolean => v !== undefined)
  return { value: share(flags), n: flags.length }
}

/** A case expects not to be refused: it says so, or it expects a grounded answer. */
export const isComplianceNegative = (c: ScoredCase) => c.expected.blocked === false || (c.expected.blocked === undefined && expectsGroundedAnswer(c.expected))

export function computeMetricSet(cases: ScoredCase[], runs = 1): MetricSet {
  const routed = cases.filter((c) => c.expected.route !== undefined)
  const sentiments = cases.filter((c) => c.expected.sentiment !== undefined)
  const retrieval = cases.filter((c) => c.checks.retrieval_rr !== undefined)
  const latencies = cases.filter((c) => !c.error).map((c) => c.latencyMs)
  const replies = cases.filter((c) => !c.error && c.got.route === 'answer' && !c.got.blocked && c.got.message).map((c) => [...c.got.message!].length)
  const set: MetricSet = {
    answer_accuracy: flag(cases, (c) => c.checks.answer),
    intent_accuracy: flag(cases, (c) => c.checks.intent),
    route_accuracy: flag(cases, (c) => c.checks.route),
    handoff_precision: flag(routed.filter((c) => c.got.route === 'handoff'), (c) => c.expected.route === 'handoff'),
    handoff_recall: flag(routed.filter((c) => c.expected.route === 'handoff'), (c) => c.got.route === 'handoff' && !c.error),
    sentiment_accuracy: flag(cases, (c) => c.checks.sentiment),
    sentiment_macro_f1: {
      value: macroF1(sentiments.map((c) => ({ gold: c.expected.sentiment!, pred: c.error ? null : predictedSentiment(c) }))),
      n: sentiments.length,
    },
    compliance_recall: flag(cases.filter((c) => c.expected.blocked === true), (c) => c.got.blocked && !c.error),
    compliance_false_positive_rate: flag(cases.filter(isComplianceNegative), (c) => c.got.blocked),
    retrieval_hit_at_1: flag(cases, (c) => c.checks.retrieval_hit_at_1),
    retrieval_hit_at_5: flag(cases, (c) => c.checks.retrieval_hit_at_5),
    retrieval_mrr: { value: mean(retrieval.map((c) => c.checks.retrieval_rr!)), n: retrieval.length },
    latency_ms: percentiles(latencies),
    reply_chars: percentiles(replies),
    errors: { value: cases.filter((c) => c.error).length, n: cases.length },
  }
  if (runs > 1) set.consistency = consistency(cases)
  return set
}

const percentiles = (xs: number[]): Percentiles => ({ p50: percentile(xs, 50), p95: percentile(xs, 95), n: xs.length })

/** Share of cases (by id) whose every run was correct. */
export function consistency(cases: ScoredCase[]): Metric {
  const byId = new Map<string, boolean>()
  for (const c of cases) byId.set(c.id, (byId.get(c.id) ?? true) && c.correct)
  return { value: share([...byId.values()]), n: byId.size }
}

export const intentKey = (c: ScoredCase) => c.expected.intent ?? '(none)'

function groupBy(cases: ScoredCase[], key: (c: ScoredCase) => string): Map<string, ScoredCase[]> {
  const groups = new Map<string, ScoredCase[]>()
  for (const c of cases) {
    const k = key(c)
    const group = groups.get(k)
    if (group) group.push(c)
    else groups.set(k, [c])
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)))
}

export function computeMetrics(cases: ScoredCase[], runs = 1): Metrics {
  const per = (key: (c: ScoredCase) => string) =>
    Object.fromEntries([...groupBy(cases, key)].map(([k, group]) => [k, computeMetricSet(group, runs)]))
  return { ...computeMetricSet(cases, runs), by_intent: per(intentKey), by_lang: per((c) => c.lang) }
}

/** Intent confusions (expected -> predicted), most frequent first. */
export function intentConfusions(cases: ScoredCase[]): Array<{ expected: string; got: string; count: number }> {
  const counts = new Map<string, number>()
  for (const c of cases) {
    if (c.checks.intent !== false || c.error) continue
    const k = `${c.expected.intent}\u0000${c.got.intent}`
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return [...counts.entries()]
    .map(([k, count]) => {
      const [expected, got] = k.split('\u0000')
      return { expected, got, count }
    })
    .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected))
}

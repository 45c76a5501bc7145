/** Per-case checks: each one exists only when the case states what it needs. */
import type { CaseRun, Checks, Expected, Got, ScoredCase, SentimentLabel } from '../types.js'
import { tokenF1 } from './token-f1.js'

export const SPAN_F1_THRESHOLD = 0.5

/** The checks a case is right or wrong on (the rest are retrieval measures): all that are stated must pass. */
export const VERDICT_CHECKS = ['answer', 'intent', 'route', 'sentiment', 'blocked'] as const
export type VerdictCheck = (typeof VERDICT_CHECKS)[number]

/** The sentiment the case is scored on: the label, or the sign of the score for binary sets. */
export function predictedSentiment(run: Pick<CaseRun, 'got' | 'sentimentMode'>): SentimentLabel {
  return run.sentimentMode === 'polarity' ? (run.got.sentiment_score > 0 ? 'positive' : 'negative') : run.got.sentiment
}

const HAN = /\p{Script=Han}/u

/**
 * Whether `text` holds `wanted`, as a reader would see it: NFKC (full-width ３０ is 30), case and runs of
 * whitespace ignored ("30\u00a0days", "30\ndays"). Chinese puts no space between words, but writers put
 * one or not around digits and Latin words ("7 天", "7天"), so with Han on either side spaces are ignored.
 */
export function containsText(text: string, wanted: string): boolean {
  const han = HAN.test(text) || HAN.test(wanted)
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, han ? '' : ' ').trim()
  return norm(text).includes(norm(wanted))
}

/** Does the reply's text carry the expected content? True when the case states none. */
export function contentCorrect(expected: Expected, message: string | null): { ok: boolean; f1?: number } {
  const text = message ?? ''
  const hasContains = !!expected.answer_contains?.length
  const hasSpan = !!expected.answer_span
  if (!hasContains && !hasSpan) return { ok: true }
  const containsOk = hasContains && expected.answer_contains!.every((s) => containsText(text, s))
  const f1 = hasSpan ? tokenF1(text, expected.answer_span!) : undefined
  return { ok: containsOk || (f1 !== undefined && f1 >= SPAN_F1_THRESHOLD), f1 }
}

/** The case expects a grounded answer: gold documents or answer text. */
export function expectsGroundedAnswer(e: Expected): boolean {
  return !!(e.doc_ids?.length || e.answer_contains?.length || e.answer_span)
}

/**
 * Answer accuracy for one case. Blocked cases: blocked right. Otherwise the route right (when
 * stated), not wrongly blocked, and for an expected answer: a gold document cited (when doc_ids
 * given) and the expected content present.
 */
export function answerCorrect(e: Expected, got: Got): boolean | undefined {
  const miss = answerMiss(e, got)
  return miss === undefined ? undefined : miss === ''
}

/**
 * Why the answer check failed, for the report's failure tables ("missing \"guest\"", "no gold
 * document cited"); '' when it passed, undefined when the case expects nothing of the answer.
 */
export function answerMiss(e: Expected, got: Got): string | undefined {
  if (e.route === undefined && e.blocked === undefined && !expectsGroundedAnswer(e)) return undefined
  if (e.blocked === true) return got.blocked ? '' : 'not blocked'
  if (got.blocked && (e.blocked === false || expectsGroundedAnswer(e))) return 'blocked'
  const route = e.route ?? (expectsGroundedAnswer(e) ? 'answer' : undefined)
  if (route && got.route !== route) return route === 'answer' ? 'handed off' : 'answered'
  if (route !== 'answer') return ''
  if (e.doc_ids?.length && !got.cited_doc_ids.some((d) => e.doc_ids!.includes(d))) return 'no gold document cited'
  const content = contentCorrect(e, got.message)
  if (content.ok) return ''
  const missing = (e.answer_contains ?? []).filter((s) => !containsText(got.message ?? '', s))
  return [missing.length ? `missing ${missing.map((m) => JSON.stringify(m)).join(', ')}` : '', content.f1 === undefined ? '' : `span F1 ${content.f1.toFixed(2)}`]
    .filter(Boolean)
    .join('; ')
}

/** Rank (1-based) of the first gold document among the distinct retrieved documents, or 0. */
export function goldRank(e: Expected, got: Got): number {
  if (!e.doc_ids?.length) return 0
  const i = got.retrieved_doc_ids.findIndex((d) => e.doc_ids!.includes(d))
  return i + 1
}

export function scoreCase(run: CaseRun): ScoredCase {
  const { expected: e, got } = run
  const checks: Checks = {}
  const answer = answerCorrect(e, got)
  if (answer !== undefined) checks.answer = answer
  if (e.intent !== undefined) checks.intent = got.intent === e.intent
  if (e.route !== undefined) checks.route = got.route === e.route
  if (e.sentiment !== undefined) checks.sentiment = predictedSentiment(run) === e.sentiment
  if (e.blocked !== undefined) checks.blocked = got.blocked === e.blocked
  if (e.doc_ids?.length) {
    const rank = goldRank(e, got)
    checks.retrieval_hit_at_1 = rank === 1
    checks.retrieval_hit_at_5 = rank >= 1 && rank <= 5
    checks.retrieval_rr = rank ? 1 / rank : 0
  }
  if (e.answer_span) checks.answer_f1 = tokenF1(got.message ?? '', e.answer_span)
  // A turn that threw fails every check it was meant to pass.
  if (run.error) for (const key of Object.keys(checks) as Array<keyof Checks>) (checks as Record<string, unknown>)[key] = typeof checks[key] === 'number' ? 0 : false
  const verdicts = VERDICT_CHECKS.map((k) => checks[k]).filter((v) => v !== undefined)
  return { ...run, checks, correct: verdicts.length > 0 && verdicts.every(Boolean) }
}

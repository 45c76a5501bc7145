/** Data the markdown and HTML reports both show: per-intent accuracy, the top confusions, and why cases failed. */
import { intentConfusions } from '../metrics/aggregate.js'
import { answerMiss } from '../metrics/score.js'
import type { ScoredCase } from '../types.js'
import type { BaselineDiff } from './baseline.js'
import type { Report, ReportCase } from './types.js'

/** Accuracy per expected intent: answer accuracy where stated, else intent accuracy; worst first. */
export function perIntentAccuracy(report: Pick<Report, 'metrics'>): Array<{ label: string; value: number; n: number; metric: string }> {
  const rows = Object.entries(report.metrics.by_intent).map(([label, m]) => {
    const metric = m.answer_accuracy.n > 0 ? 'answer_accuracy' : m.intent_accuracy.n > 0 ? 'intent_accuracy' : null
    return metric && m[metric].value !== null ? { label, value: m[metric].value!, n: m[metric].n, metric } : null
  })
  return rows.filter((r) => r !== null).sort((a, b) => a.value - b.value || a.label.localeCompare(b.label))
}

/** The labels of the `top` most frequent confusions and a counter over every case, for the matrix. */
export function confusionView(cases: Array<Pick<ScoredCase, 'expected' | 'got' | 'checks' | 'error'>>, top = 10) {
  const confusions = intentConfusions(cases as ScoredCase[]).slice(0, top)
  const rows = [...new Set(confusions.map((c) => c.expected))]
  const cols = [...new Set([...rows, ...confusions.map((c) => c.got)])]
  const counts = new Map<string, number>()
  for (const c of cases) {
    if (c.expected.intent === undefined || c.error) continue
    const k = `${c.expected.intent}\u0000${c.got.intent}`
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return { confusions, rows, cols, count: (r: string, c: string) => counts.get(`${r}\u0000${c}`) ?? 0 }
}

/** Wrong cases first, for the failure listing. */
export function failures(report: Pick<Report, 'cases'>, limit = 50) {
  return report.cases.filter((c) => !c.correct).slice(0, limit)
}

/** The checks a case failed, the answer check with why ("answer (missing \"guest\")"). */
export function failedChecks(c: Pick<ReportCase, 'checks' | 'expected' | 'got' | 'error'>): string {
  const failed = Object.entries(c.checks).filter(([, v]) => v === false).map(([name]) => name)
  return explainChecks(failed, c.error ? undefined : c)
}

/** Checks a case lost against the baseline, explained the same way. */
export function lostChecks(w: BaselineDiff['worse'][number]): string {
  return explainChecks(w.lost, w)
}

function explainChecks(names: string[], c: Pick<ReportCase, 'expected' | 'got'> | undefined): string {
  return names
    .map((name) => {
      const why = name === 'answer' && c ? answerMiss(c.expected, c.got) : undefined
      return why ? `${name} (${why})` : name
    })
    .join(', ')
}

/** The start of the reply, enough to see what was said instead. */
export function replyExcerpt(message: string | null, max = 160): string {
  if (!message) return '–'
  const flat = message.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

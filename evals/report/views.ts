/** Data the markdown and HTML reports both show: per-intent accuracy, the top confusions, and why cases failed. */
import { intentConfusions } from '../metrics/aggregate.js'
import { answerMiss, goldRank } from '../metrics/score.js'
import { truncate } from '../../src/text/truncate.js'
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

/**
 * Where wrong answers went wrong, by the first stage at fault: a turn that threw, a wrong block, a
 * wrong route (with the route's reasons), the gold document never retrieved, retrieved but not
 * cited, or cited without the expected content. Biggest first, with the case ids of each.
 */
export function answerMissCauses(cases: Array<Pick<ReportCase, 'id' | 'run' | 'expected' | 'got' | 'checks' | 'error'>>): Array<{ cause: string; count: number; ids: string[] }> {
  const byCause = new Map<string, string[]>()
  for (const c of cases) {
    if (c.checks.answer !== false) continue
    const cause = c.error ? 'the turn failed' : missCause(c)
    byCause.set(cause, [...(byCause.get(cause) ?? []), c.run ? `${c.id} (run ${c.run})` : c.id])
  }
  return [...byCause].map(([cause, ids]) => ({ cause, count: ids.length, ids })).sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause))
}

function missCause(c: Pick<ReportCase, 'expected' | 'got'>): string {
  const miss = answerMiss(c.expected, c.got) ?? ''
  if (miss === 'handed off') return `handed off (${c.got.route_reasons.join(', ') || 'no reason given'})`
  if (miss === 'no gold document cited') return goldRank(c.expected, c.got) ? 'gold document retrieved, not cited' : 'gold document not retrieved'
  if (miss.startsWith('missing') || miss.startsWith('span F1')) return 'gold document cited, expected content missing'
  return miss === 'answered' ? 'answered, a handoff was expected' : miss === 'blocked' ? 'blocked, an answer was expected' : miss
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
  return truncate(flat, max, '…')
}

/** The first few ids of a group, and how many more. */
export function idList(ids: string[], max = 8): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')} and ${ids.length - max} more` : ids.join(', ')
}

/** The short table printed to stdout after a run. */
import { METRIC_NAMES, PERCENTILE_METRICS } from '../metrics/aggregate.js'
import { fmtDelta, fmtMetric, fmtValue } from './format.js'
import type { Report } from './types.js'
import { lostChecks } from './views.js'

export function summaryTable(report: Report): string {
  const m = report.metrics
  const deltas = new Map(report.baseline?.metrics.map((d) => [d.name, d.delta]) ?? [])
  const rows: string[][] = [['metric', 'value', 'n', ...(report.baseline ? ['Δ baseline'] : [])]]
  for (const name of METRIC_NAMES) {
    const metric = m[name]
    if (!metric || metric.n === 0) continue
    rows.push([name, fmtMetric(name, metric), String(metric.n), ...(report.baseline ? [fmtDelta(name, deltas.get(name) ?? null)] : [])])
  }
  for (const dist of PERCENTILE_METRICS) {
    for (const p of ['p50', 'p95'] as const) {
      const name = `${dist}.${p}`
      rows.push([name, fmtValue(name, m[dist][p]), String(m[dist].n), ...(report.baseline ? [fmtDelta(name, deltas.get(name) ?? null)] : [])])
    }
  }
  if (m.errors.value) rows.push(['errors', String(m.errors.value), String(m.errors.n), ...(report.baseline ? [''] : [])])
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)]
  const g = report.gate
  out.push('', `${g.metric} ${fmtValue(g.metric, g.value)} (n=${g.n}) vs target ${(100 * g.target).toFixed(0)}%: ${g.passed ? 'PASSED' : 'FAILED'}`)
  if (report.judge) {
    const j = report.judge
    out.push(`LLM judge (${j.model}): ${j.n} answers, judge accuracy ${fmtValue('x', j.judge_accuracy)}, agreement with the deterministic check ${fmtValue('x', j.agreement)}`)
    if (j.errors) out.push(`LLM judge: ${j.errors} calls failed, the first with: ${j.first_error ?? 'no message'}`)
  }
  if (report.baseline) {
    const b = report.baseline
    out.push(`vs baseline ${b.baseline}: ${b.worse.length} cases worse, ${b.better} better${b.added || b.removed ? `, ${b.added} added, ${b.removed} removed` : ''}`)
    for (const w of b.warnings) out.push(`warning: ${w}`)
    for (const w of b.worse.slice(0, 20)) out.push(`  worse: ${w.id}${w.run ? ` (run ${w.run})` : ''}: ${lostChecks(w)}; got intent ${w.got.intent}, route ${w.got.route}`)
    if (b.worse.length > 20) out.push(`  … ${b.worse.length - 20} more in report.md`)
  }
  return out.join('\n')
}

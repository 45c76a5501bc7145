/** report.md: the summary, per-intent and per-language tables, confusions, failures and the baseline diff. */
import { METRIC_NAMES, PERCENTILE_METRICS, type MetricSet } from '../metrics/aggregate.js'
import { fmtDelta, fmtMetric, fmtValue } from './format.js'
import type { Report } from './types.js'
import { answerMissCauses, confusionView, idList, failedChecks, failures, lostChecks, replyExcerpt } from './views.js'

const GROUP_COLUMNS = ['answer_accuracy', 'intent_accuracy', 'route_accuracy', 'sentiment_accuracy', 'retrieval_hit_at_5'] as const
const cellText = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function groupTable(title: string, groups: Record<string, MetricSet>): string[] {
  const entries = Object.entries(groups)
  if (entries.length === 0) return []
  const cols = GROUP_COLUMNS.filter((c) => entries.some(([, m]) => m[c].n > 0))
  const lines = [`## ${title}`, '', `| ${title.split(' ').pop()} | n | ${cols.join(' | ')} |`, `|---|---:|${cols.map(() => '---:').join('|')}|`]
  for (const [name, m] of entries) {
    const n = Math.max(...cols.map((c) => m[c].n), m.latency_ms.n)
    lines.push(`| ${cellText(name)} | ${n} | ${cols.map((c) => fmtMetric(c, m[c])).join(' | ')} |`)
  }
  return [...lines, '']
}

export function renderMarkdown(report: Report): string {
  const m = report.metrics
  const g = report.gate
  const out = [
    `# Eval report: ${cellText(report.dataset)}`,
    '',
    `${report.created_at} · format ${report.format} · provider ${report.provider} · ${report.cases.length} case runs${report.runs > 1 ? ` (${report.runs} runs)` : ''}`,
    '',
    `**${g.metric} ${fmtValue(g.metric, g.value)} (n=${g.n}) vs target ${(100 * g.target).toFixed(0)}%: ${g.passed ? 'PASSED' : 'FAILED'}**`,
    '',
    ...report.notes.map((n) => `- ${n}`),
    ...(report.notes.length ? [''] : []),
    '## Metrics',
    '',
    '| metric | value | n |',
    '|---|---:|---:|',
  ]
  for (const name of METRIC_NAMES) {
    const metric = m[name]
    if (metric) out.push(`| ${name} | ${fmtMetric(name, metric)} | ${metric.n} |`)
  }
  for (const dist of PERCENTILE_METRICS) for (const p of ['p50', 'p95'] as const) out.push(`| ${dist}.${p} | ${fmtValue(dist, m[dist][p])} | ${m[dist].n} |`)
  out.push(`| errors | ${m.errors.value} | ${m.errors.n} |`, '')
  if (report.judge) {
    const j = report.judge
    const failed = j.errors && j.first_error ? ` The first error: ${j.first_error}` : ''
    out.push('## LLM judge', '', `${j.model}: ${j.n} free-form answers judged; judge accuracy ${fmtValue('x', j.judge_accuracy)}; agreement with the deterministic check ${fmtValue('x', j.agreement)}; ${j.errors} judge errors.${failed}`, '')
  }
  out.push(...groupTable('By intent', m.by_intent), ...groupTable('By lang', m.by_lang))
  const { confusions } = confusionView(report.cases)
  if (confusions.length) {
    out.push('## Top intent confusions', '', '| expected | predicted | count |', '|---|---|---:|')
    for (const c of confusions) out.push(`| ${cellText(c.expected)} | ${cellText(c.got)} | ${c.count} |`)
    out.push('')
  }
  if (report.baseline) {
    const b = report.baseline
    out.push(`## Against baseline ${cellText(b.baseline)}`, '', ...b.warnings.map((w) => `**Warning:** ${w}.\n`), '| metric | baseline | current | Δ |', '|---|---:|---:|---:|')
    for (const d of b.metrics) out.push(`| ${d.name} | ${fmtValue(d.name, d.baseline)} | ${fmtValue(d.name, d.current)} | ${fmtDelta(d.name, d.delta)} |`)
    out.push('', `${b.worse.length} cases worse, ${b.better} better, ${b.added} added, ${b.removed} removed.`, '')
    for (const w of b.worse) out.push(`- ${cellText(w.id)}${w.run ? ` (run ${w.run})` : ''}: ${lostChecks(w)}; expected \`${JSON.stringify(w.expected)}\`; got intent ${w.got.intent}, route ${w.got.route}`)
    if (b.worse.length) out.push('')
  }
  const causes = answerMissCauses(report.cases)
  if (causes.length) {
    out.push('## Why answers were wrong', '', '| cause | cases | ids |', '|---|---:|---|')
    for (const c of causes) out.push(`| ${cellText(c.cause)} | ${c.count} | ${cellText(idList(c.ids))} |`)
    out.push('')
  }
  const wrong = failures(report)
  if (wrong.length) {
    out.push(`## Failures (first ${wrong.length} of ${report.cases.filter((c) => !c.correct).length})`, '', '| id | expected | got | reply | failed checks |', '|---|---|---|---|---|')
    for (const c of wrong) {
      const got = c.error ? `error: ${c.error}` : `intent ${c.got.intent} (${c.got.intent_confidence}), route ${c.got.route}${c.got.route_reasons.length ? ` [${c.got.route_reasons.join(', ')}]` : ''}, sentiment ${c.got.sentiment}, cited ${c.got.cited_doc_ids.join(', ') || '–'}`
      out.push(`| ${cellText(c.id)} | ${cellText(JSON.stringify(c.expected))} | ${cellText(got)} | ${cellText(replyExcerpt(c.got.message))} | ${cellText(failedChecks(c))} |`)
    }
    out.push('')
  }
  return out.join('\n')
}

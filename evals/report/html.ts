/** report.html: one self-contained page (inline CSS and SVG, no scripts or external assets). */
import { METRIC_NAMES, PERCENTILE_METRICS } from '../metrics/aggregate.js'
import { fmtDelta, fmtMetric, fmtValue } from './format.js'
import { barChart, confusionMatrix, esc, histogram } from './svg.js'
import type { Report } from './types.js'
import { answerMissCauses, confusionView, idList, failedChecks, failures, lostChecks, perIntentAccuracy, replyExcerpt } from './views.js'

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:3px 8px;font-size:13px}
td.num{text-align:right}.pass{color:#2e7d32}.fail{color:#c62828}code{font-size:12px}td{overflow-wrap:anywhere;vertical-align:top}td.id{white-space:nowrap}`

export function renderHtml(report: Report): string {
  const m = report.metrics
  const g = report.gate
  const metricRows = METRIC_NAMES.filter((name) => m[name])
    .map((name) => `<tr><td>${name}</td><td class="num">${fmtMetric(name, m[name])}</td><td class="num">${m[name]!.n}</td></tr>`)
    .concat(
      PERCENTILE_METRICS.flatMap((dist) => (['p50', 'p95'] as const).map((p) => `<tr><td>${dist}.${p}</td><td class="num">${fmtValue(dist, m[dist][p])}</td><td class="num">${m[dist].n}</td></tr>`)),
      [`<tr><td>errors</td><td class="num">${m.errors.value}</td><td class="num">${m.errors.n}</td></tr>`],
    )
  const perIntent = perIntentAccuracy(report)
  const cv = confusionView(report.cases)
  const latencies = report.cases.filter((c) => !c.error).map((c) => c.latency_ms)
  const parts = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>Parley eval: ${esc(report.dataset)}</title><style>${STYLE}</style></head><body>`,
    `<h1>Eval report: ${esc(report.dataset)}</h1>`,
    `<p>${esc(report.created_at)} · format ${esc(report.format)} · provider ${esc(report.provider)} · ${report.cases.length} case runs</p>`,
    `<p class="${g.passed ? 'pass' : 'fail'}"><strong>${g.metric} ${fmtValue(g.metric, g.value)} (n=${g.n}) vs target ${(100 * g.target).toFixed(0)}%: ${g.passed ? 'PASSED' : 'FAILED'}</strong></p>`,
    report.notes.length ? `<ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
    `<h2>Metrics</h2><table><tr><th>metric</th><th>value</th><th>n</th></tr>${metricRows.join('')}</table>`,
  ]
  if (report.judge) {
    const j = report.judge
    parts.push(`<h2>LLM judge</h2><p>${esc(j.model)}: ${j.n} answers judged; judge accuracy ${fmtValue('x', j.judge_accuracy)}; agreement with the deterministic check ${fmtValue('x', j.agreement)}.</p>`)
  }
  parts.push(
    `<h2>Accuracy per intent</h2><p>${perIntent[0]?.metric ?? ''}, worst first; red below the target.</p>`,
    barChart(perIntent, { target: report.target }),
    '<h2>Biggest intent confusions</h2>',
    confusionMatrix(cv.rows, cv.cols, cv.count),
    '<h2>Latency</h2>',
    histogram(latencies, { unit: 'ms' }),
  )
  const langs = Object.entries(m.by_lang)
  if (langs.length) {
    parts.push('<h2>By language</h2><table><tr><th>lang</th><th>answer</th><th>intent</th><th>route</th><th>sentiment</th><th>p50</th></tr>')
    for (const [lang, s] of langs)
      parts.push(`<tr><td>${esc(lang)}</td><td class="num">${fmtMetric('a', s.answer_accuracy)}</td><td class="num">${fmtMetric('a', s.intent_accuracy)}</td><td class="num">${fmtMetric('a', s.route_accuracy)}</td><td class="num">${fmtMetric('a', s.sentiment_accuracy)}</td><td class="num">${fmtValue('latency_ms', s.latency_ms.p50)}</td></tr>`)
    parts.push('</table>')
  }
  if (report.baseline) {
    const b = report.baseline
    parts.push(`<h2>Against baseline ${esc(b.baseline)}</h2>`, ...b.warnings.map((w) => `<p class="fail"><strong>Warning:</strong> ${esc(w)}.</p>`))
    parts.push('<table><tr><th>metric</th><th>baseline</th><th>current</th><th>Δ</th></tr>')
    for (const d of b.metrics) parts.push(`<tr><td>${d.name}</td><td class="num">${fmtValue(d.name, d.baseline)}</td><td class="num">${fmtValue(d.name, d.current)}</td><td class="num">${fmtDelta(d.name, d.delta)}</td></tr>`)
    parts.push(`</table><p>${b.worse.length} cases worse, ${b.better} better.</p>`)
    if (b.worse.length) parts.push(`<ul>${b.worse.map((w) => `<li>${esc(w.id)}: ${esc(lostChecks(w))}; expected <code>${esc(JSON.stringify(w.expected))}</code>, got ${esc(w.got.intent)} / ${w.got.route}</li>`).join('')}</ul>`)
  }
  const causes = answerMissCauses(report.cases)
  if (causes.length) {
    parts.push('<h2>Why answers were wrong</h2><table><tr><th>cause</th><th>cases</th><th>ids</th></tr>')
    for (const c of causes) parts.push(`<tr><td>${esc(c.cause)}</td><td class="num">${c.count}</td><td>${esc(idList(c.ids))}</td></tr>`)
    parts.push('</table>')
  }
  const wrong = failures(report)
  if (wrong.length) {
    parts.push(`<h2>Failures (first ${wrong.length})</h2><table><tr><th>id</th><th>expected</th><th>got</th><th>reply</th><th>failed checks</th></tr>`)
    for (const c of wrong) {
      const got = c.error ? `error: ${c.error}` : `${c.got.intent} (${c.got.intent_confidence}) · ${c.got.route} ${c.got.route_reasons.join(', ')} · ${c.got.sentiment} · cited ${c.got.cited_doc_ids.join(', ') || '–'}`
      parts.push(`<tr><td class="id">${esc(c.id)}</td><td><code>${esc(JSON.stringify(c.expected))}</code></td><td>${esc(got)}</td><td>${esc(replyExcerpt(c.got.message))}</td><td>${esc(failedChecks(c))}</td></tr>`)
    }
    parts.push('</table>')
  }
  parts.push('</body></html>')
  return parts.join('\n')
}

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { diffReports, readBaseline } from '../../evals/report/baseline.js'
import { exitCodeFor, gate } from '../../evals/report/gate.js'
import { renderHtml } from '../../evals/report/html.js'
import { renderMarkdown } from '../../evals/report/markdown.js'
import { summaryTable } from '../../evals/report/summary.js'
import { answerMissCauses, lostChecks } from '../../evals/report/views.js'
import { histogram } from '../../evals/report/svg.js'
import { buildReport, withBaseline, writeReport } from '../../evals/report/write.js'
import { computeMetrics } from '../../evals/metrics/aggregate.js'
import { scored } from './helpers.js'

const metric = z.object({ value: z.number().nullable(), n: z.number().int().min(0) })
const metricSet = z.object({
  answer_accuracy: metric,
  intent_accuracy: metric,
  route_accuracy: metric,
  handoff_precision: metric,
  handoff_recall: metric,
  sentiment_accuracy: metric,
  sentiment_macro_f1: metric,
  compliance_recall: metric,
  compliance_false_positive_rate: metric,
  retrieval_hit_at_1: metric,
  retrieval_hit_at_5: metric,
  retrieval_mrr: metric,
  latency_ms: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), n: z.number() }),
  reply_chars: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), n: z.number() }),
  errors: metric,
  consistency: metric.optional(),
})
const ReportSchema = z.object({
  schema: z.literal('parley.eval.report/v1'),
  created_at: z.string(),
  dataset: z.string(),
  format: z.string(),
  provider: z.string(),
  runs: z.number().int().min(1),
  notes: z.array(z.string()),
  metrics: metricSet.extend({ by_intent: z.record(z.string(), metricSet), by_lang: z.record(z.string(), metricSet) }),
  target: z.literal(0.92),
  gate: z.object({ metric: z.string(), value: z.number().nullable(), n: z.number(), target: z.number(), passed: z.boolean() }),
  passed: z.boolean(),
  cases: z.array(
    z.object({
      id: z.string(),
      run: z.number(),
      lang: z.string(),
      input: z.string(),
      expected: z.record(z.string(), z.unknown()),
      got: z.object({ intent: z.string(), route: z.enum(['answer', 'handoff']), blocked: z.boolean(), message: z.string().nullable() }).passthrough(),
      correct: z.boolean(),
      checks: z.record(z.string(), z.union([z.boolean(), z.number()])),
      latency_ms: z.number(),
    }),
  ),
})

const cases = () => [
  scored('a1', { intent: 'refund', route: 'answer', doc_ids: ['d1'] }, { intent: 'refund', cited_doc_ids: ['d1'], retrieved_doc_ids: ['d1'], message: 'ok' }, { latencyMs: 12 }),
  scored('a2', { intent: 'refund', route: 'answer' }, { intent: 'cancel', route: 'handoff' }, { latencyMs: 30 }),
  scored('z1', { intent: 'cancel', route: 'answer' }, { intent: 'cancel', message: '好的' }, { lang: 'zh', latencyMs: 20 }),
]
const report = (cs = cases()) => buildReport({ dataset: 'demo.jsonl', format: 'parley', provider: 'local', runs: 1, notes: ['note <b>'], cases: cs, createdAt: new Date('2026-01-01T00:00:00Z') })

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('report files', () => {
  it('writes report.json (schema), report.md and a self-contained report.html', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-report-'))
    dirs.push(dir)
    const r = report()
    await writeReport(dir, r)
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json', 'report.md'])
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))
    expect(() => ReportSchema.parse(json)).not.toThrow()
    expect(json.metrics.answer_accuracy).toEqual({ value: 2 / 3, n: 3 })
    expect(json.passed).toBe(false)
    const md = await readFile(join(dir, 'report.md'), 'utf8')
    expect(md).toContain('| answer_accuracy | 66.7% | 3 |')
    expect(md).toContain('| refund | cancel | 1 |')
    expect(md).toContain('## By lang')
    // The failure a2: the reply, and why the answer check failed.
    expect(md).toMatch(/^\| a2 \| .* \| – \| answer \(handed off\), intent, route \|$/m)
    const html = await readFile(join(dir, 'report.html'), 'utf8')
    expect(html.match(/<svg /g)).toHaveLength(3)
    expect(html).not.toMatch(/<script|<link|src=|href="http/)
    expect(html).toContain('note &lt;b&gt;')
    expect(html).toContain('aria-label="accuracy per intent"')
    expect(html).toContain('aria-label="intent confusions"')
    expect(html).toContain('aria-label="latency histogram"')
    expect(html).toContain('<td>answer (handed off), intent, route</td>')
  })

  it('says why the judge failed, on screen and in report.md', () => {
    const judge = { model: 'gpt-x', n: 0, judge_accuracy: null, agreement: null, errors: 3, first_error: '401 Incorrect API key provided' }
    const r = { ...report(), judge }
    expect(summaryTable(r)).toContain('LLM judge: 3 calls failed, the first with: 401 Incorrect API key provided')
    expect(renderMarkdown(r)).toContain('3 judge errors. The first error: 401 Incorrect API key provided')
  })

  it('draws latencies up to the 99th percentile, with slower turns in one last bar', () => {
    // 300 turns of 10-30 ms and one warm-up-like 500 ms turn: the bars must still show the spread.
    const values = [...Array.from({ length: 300 }, (_, i) => 10 + (i % 21)), 500]
    const svg = histogram(values, { unit: 'ms', bins: 10 })
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(heights).toHaveLength(11)
    expect(heights.slice(0, 10).filter((h) => h > 0)).toHaveLength(10)
    expect(svg).toContain('over 30.0 ms (up to 500.0 ms): 1')
    expect(svg).toContain('30.0 ms (p99), then slower')
    // Without outliers, the axis ends at the slowest turn and there is no extra bar.
    expect([...histogram([10, 12, 14], { unit: 'ms', bins: 4 }).matchAll(/<rect /g)]).toHaveLength(4)
  })

  it('renders empty charts without failing', () => {
    const html = renderHtml(report([scored('s', { sentiment: 'positive' }, { sentiment: 'positive' })]))
    expect(html).toContain('No intent confusions')
  })
})

describe('why answers were wrong', () => {
  const gold = { route: 'answer' as const, doc_ids: ['refunds'], answer_contains: ['5-10 business days'] }
  const cases = [
    scored('not-retrieved', gold, { retrieved_doc_ids: ['shipping'], cited_doc_ids: ['shipping'], message: 'Shipping takes 3 days.' }),
    scored('not-cited', gold, { retrieved_doc_ids: ['shipping', 'refunds'], cited_doc_ids: ['shipping'], message: 'Shipping takes 3 days.' }),
    scored('no-content', gold, { retrieved_doc_ids: ['refunds'], cited_doc_ids: ['refunds'], message: 'Refunds are issued after inspection.' }),
    scored('no-content-2', gold, { retrieved_doc_ids: ['refunds'], cited_doc_ids: ['refunds'], message: 'We refund the original payment.' }),
    scored('handed-off', gold, { route: 'handoff', route_reasons: ['low_retrieval_score'] }),
    scored('answered', { route: 'handoff' }, { route: 'answer' }),
    scored('threw', gold, {}, { error: 'boom' }),
    scored('right', gold, { retrieved_doc_ids: ['refunds'], cited_doc_ids: ['refunds'], message: 'It takes 5-10 business days.' }),
  ]

  it('groups the wrong answers by the first stage at fault, biggest first, in report.md and report.html', () => {
    expect(answerMissCauses(cases)).toEqual([
      { cause: 'gold document cited, expected content missing', count: 2, ids: ['no-content', 'no-content-2'] },
      { cause: 'answered, a handoff was expected', count: 1, ids: ['answered'] },
      { cause: 'gold document not retrieved', count: 1, ids: ['not-retrieved'] },
      { cause: 'gold document retrieved, not cited', count: 1, ids: ['not-cited'] },
      { cause: 'handed off (low_retrieval_score)', count: 1, ids: ['handed-off'] },
      { cause: 'the turn failed', count: 1, ids: ['threw'] },
    ])
    const report = buildReport({ dataset: 'd.jsonl', format: 'parley', provider: 'local', runs: 1, notes: [], cases })
    expect(renderMarkdown(report)).toContain('| gold document retrieved, not cited | 1 | not-cited |')
    expect(renderHtml(report)).toContain('<tr><td>gold document not retrieved</td><td class="num">1</td><td>not-retrieved</td></tr>')
  })

  it('shows the first ids of a big group and counts the rest', () => {
    const many = Array.from({ length: 11 }, (_, i) => scored(`c${i}`, gold, { retrieved_doc_ids: [], message: 'x' }))
    const report = buildReport({ dataset: 'd.jsonl', format: 'parley', provider: 'local', runs: 1, notes: [], cases: many })
    expect(renderMarkdown(report)).toContain('| gold document not retrieved | 11 | c0, c1, c2, c3, c4, c5, c6, c7 and 3 more |')
  })
})

describe('gate and exit code', () => {
  const metricsWith = (answerRight: number, total: number) =>
    computeMetrics(Array.from({ length: total }, (_, i) => scored(`c${i}`, { route: 'answer' }, { route: i < answerRight ? 'answer' : 'handoff' })))

  it('passes at or above 92% answer accuracy and exits 0; below, exits 1', () => {
    expect(gate(metricsWith(23, 25))).toMatchObject({ metric: 'answer_accuracy', value: 0.92, passed: true })
    expect(exitCodeFor(gate(metricsWith(23, 25)))).toBe(0)
    expect(gate(metricsWith(22, 25)).passed).toBe(false)
    expect(exitCodeFor(gate(metricsWith(22, 25)))).toBe(1)
  })

  it('falls back to the headline metric of sets without answer expectations, and fails when nothing was measured', () => {
    const intentOnly = computeMetrics([scored('i', { intent: 'x' }, { intent: 'x' })])
    expect(gate(intentOnly)).toMatchObject({ metric: 'intent_accuracy', value: 1, passed: true })
    const sentimentOnly = computeMetrics([scored('s', { sentiment: 'positive' }, { sentiment: 'negative' })])
    expect(gate(sentimentOnly)).toMatchObject({ metric: 'sentiment_accuracy', passed: false })
    expect(exitCodeFor(gate(computeMetrics([])))).toBe(1)
  })

  it('uses the preferred headline metric of a public set when it was measured', () => {
    // CLINC150-like: oos rows expect a handoff (answer accuracy), in-scope rows an intent
    const m = computeMetrics([scored('oos', { route: 'handoff' }, { route: 'handoff' }), scored('in', { intent: 'x' }, { intent: 'y' })])
    expect(gate(m)).toMatchObject({ metric: 'answer_accuracy', passed: true })
    expect(gate(m, 0.92, 'intent_accuracy')).toMatchObject({ metric: 'intent_accuracy', value: 0, passed: false })
    expect(gate(computeMetrics([scored('s', { sentiment: 'positive' }, { sentiment: 'positive' })]), 0.92, 'intent_accuracy')).toMatchObject({ metric: 'sentiment_accuracy' })
  })
})

describe('baseline diff', () => {
  it('reports the change per metric and the cases that got worse', async () => {
    const before = report()
    const nowCases = cases()
    nowCases[0] = scored('a1', { intent: 'refund', route: 'answer', doc_ids: ['d1'] }, { intent: 'refund', route: 'handoff' }, { latencyMs: 40 })
    nowCases[1] = scored('a2', { intent: 'refund', route: 'answer' }, { intent: 'refund', message: 'x' })
    nowCases.push(scored('new', { route: 'answer' }))
    const now = report(nowCases)
    const diff = diffReports(now, before, 'old.json')
    const byName = Object.fromEntries(diff.metrics.map((d) => [d.name, d]))
    expect(byName.answer_accuracy).toMatchObject({ baseline: 2 / 3, current: 3 / 4 })
    expect(byName.answer_accuracy.delta).toBeCloseTo(3 / 4 - 2 / 3, 10)
    expect(byName.retrieval_hit_at_1).toMatchObject({ baseline: 1, current: 0, delta: -1 })
    expect(byName['latency_ms.p50']).toMatchObject({ baseline: 20 })
    // A baseline written before reply_chars existed still compares, without those rows.
    const { reply_chars: _, ...older } = before.metrics
    expect(diffReports(now, { ...before, metrics: older as typeof before.metrics }, 'old.json').metrics.find((d) => d.name === 'reply_chars.p50')).toMatchObject({ baseline: null, delta: null })
    expect(diff.worse.map((w) => [w.id, w.lost])).toEqual([['a1', ['answer', 'route']]])
    expect(diff).toMatchObject({ better: 1, added: 1, removed: 0, baseline: 'old.json' })

    const withDiff = withBaseline(now, diff)
    expect(summaryTable(withDiff)).toMatch(/answer_accuracy .*75\.0% .*\+8\.3 pt/)
    expect(summaryTable(withDiff)).toContain('worse: a1: answer (handed off), route; got intent refund, route handoff')
    const dir = await mkdtemp(join(tmpdir(), 'parley-report-'))
    dirs.push(dir)
    await writeReport(dir, withDiff)
    expect(JSON.parse(await readFile(join(dir, 'baseline-diff.json'), 'utf8')).worse[0].id).toBe('a1')
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('## Against baseline old.json')
  })

  it('counts a case that was already wrong as worse when it loses another check', () => {
    // z1 loses its intent; w was already wrong on its intent and now loses its answer too.
    const nowCases = cases()
    nowCases[2] = scored('z1', { intent: 'cancel', route: 'answer' }, { intent: 'refund', message: '好的' }, { lang: 'zh' })
    const wrongIntent = (answer: string) => scored('w', { intent: 'refund', route: 'answer', answer_contains: ['30 days'] }, { intent: 'cancel', message: answer })
    const diff = diffReports(report([...nowCases, wrongIntent('in 5 days')]), report([...cases(), wrongIntent('within 30 days')]), 'old.json')
    expect(diff.worse.map((w) => [w.id, w.lost])).toEqual([['z1', ['intent']], ['w', ['answer']]])
    expect(lostChecks(diff.worse[1])).toBe('answer (missing "30 days")')
  })

  it('warns, in every report, when the baseline is of another set, or its cases of the same id have other inputs', async () => {
    const sentiment = (file: string, texts: string[]) =>
      buildReport({ dataset: file, format: 'sentiment', provider: 'local', runs: 1, notes: [], cases: texts.map((t, i) => scored(`s-${i + 1}`, { sentiment: 'positive' }, {}, { input: t })) })
    const now = sentiment('a/s.tsv', ['great', 'awful', 'fine'])
    const diff = diffReports(now, sentiment('b/reviews.tsv', ['great', 'lovely']), 'old.json')
    expect(diff).toMatchObject({ shared: 2, changed_inputs: 1 })
    expect(diff.warnings).toEqual([
      'the baseline is of another set, reviews.tsv (sentiment), than this run, s.tsv (sentiment)',
      '1 of 2 shared case ids have another input in the baseline: they are other cases, so their comparison is not a change',
    ])
    // The same file, read from another folder, is the same set.
    expect(diffReports(now, sentiment('elsewhere/s.tsv', ['great', 'awful', 'fine']), 'old.json').warnings).toEqual([])
    const withDiff = withBaseline(now, diff)
    expect(summaryTable(withDiff)).toContain('warning: 1 of 2 shared case ids have another input in the baseline')
    const dir = await mkdtemp(join(tmpdir(), 'parley-report-'))
    dirs.push(dir)
    await writeReport(dir, withDiff)
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('**Warning:** the baseline is of another set, reviews.tsv (sentiment)')
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<strong>Warning:</strong> 1 of 2 shared case ids have another input')
    expect(JSON.parse(await readFile(join(dir, 'baseline-diff.json'), 'utf8'))).toMatchObject({ changed_inputs: 1, warnings: diff.warnings })
    // No shared id: said in the reports too, not only on stderr.
    const unrelated = diffReports(now, report(), 'old.json')
    expect(unrelated.warnings).toContain('the baseline shares no case id with this run: the runs are of different sets, so its deltas are not a change')
    expect(renderMarkdown(withBaseline(now, unrelated))).toContain('**Warning:** the baseline shares no case id')
  })

  it('reads a baseline with a byte-order mark, and refuses a metric value that is not a number before any run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-report-'))
    dirs.push(dir)
    await writeFile(join(dir, 'bom.json'), '\uFEFF' + JSON.stringify(report()))
    expect((await readBaseline(join(dir, 'bom.json'))).cases).toHaveLength(3)
    const broken = { ...report(), metrics: { ...report().metrics, answer_accuracy: { value: '0.9', n: 3 } } }
    await writeFile(join(dir, 'broken.json'), JSON.stringify(broken))
    await expect(readBaseline(join(dir, 'broken.json'))).rejects.toThrow(/^--baseline broken\.json: not an eval report\.json \(metrics\.answer_accuracy\.value: /)
  })

  it('prints the errors row against a baseline too', () => {
    const failed = scored('e1', { route: 'answer' }, {}, { error: 'provider timed out' })
    const now = report([...cases(), failed])
    const table = summaryTable(withBaseline(now, diffReports(now, report(), 'old.json')))
    expect(table).toMatch(/^errors +1 +4/m)
    expect(table).toContain('vs baseline old.json')
  })
})

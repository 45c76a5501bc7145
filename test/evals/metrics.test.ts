import { describe, expect, it } from 'vitest'
import { computeMetrics, computeMetricSet, consistency, intentConfusions } from '../../evals/metrics/aggregate.js'
import { answerCorrect, answerMiss, contentCorrect, predictedSentiment, scoreCase } from '../../evals/metrics/score.js'
import { failedChecks, replyExcerpt } from '../../evals/report/views.js'
import { macroF1, percentile } from '../../evals/metrics/stats.js'
import { got, scored } from './helpers.js'

// Eight cases with hand-computed outcomes (see each comment).
const suite = () => [
  // answer right: gold doc cited, "30 days" present (case-insensitive); retrieval rank 1
  scored('A', { intent: 'a', route: 'answer', doc_ids: ['d1'], answer_contains: ['30 days'] }, { intent: 'a', message: 'You have 30 Days.', cited_doc_ids: ['d1'], retrieved_doc_ids: ['d1', 'd2'] }),
  // gold d2 retrieved at rank 3 but not cited: answer wrong; intent wrong
  scored('B', { intent: 'a', route: 'answer', doc_ids: ['d2'] }, { intent: 'b', message: 'x', cited_doc_ids: ['d1'], retrieved_doc_ids: ['d1', 'd3', 'd2'] }),
  scored('C', { intent: 'b', route: 'handoff' }, { intent: 'b', route: 'handoff' }),
  scored('D', { route: 'handoff' }, { route: 'answer' }),
  scored('E', { route: 'answer' }, { route: 'handoff' }),
  scored('F', { blocked: true }, { blocked: true }),
  scored('G', { blocked: true }, { blocked: false }),
  scored('H', { blocked: false, sentiment: 'negative' }, { blocked: true, sentiment: 'negative' }),
]

describe('per-case checks', () => {
  it('answer accuracy needs the route, a cited gold document and the content', () => {
    const [A, B, C, D, E, F, G, H] = suite()
    expect([A, B, C, D, E, F, G, H].map((c) => c.checks.answer)).toEqual([true, false, true, false, false, true, false, false])
    expect(A.correct).toBe(true)
    expect(B.correct).toBe(false)
    expect(H.checks).toMatchObject({ blocked: false, sentiment: true, answer: false })
  })

  it('accepts an answer span by token F1 >= 0.5 when answer_contains fails or is absent', () => {
    expect(contentCorrect({ answer_span: 'within 5 business days' }, 'Refunds take 5 business days').ok).toBe(true)
    expect(contentCorrect({ answer_span: 'within 5 business days' }, 'Contact us').ok).toBe(false)
    expect(contentCorrect({ answer_contains: ['7 days'], answer_span: '5 business days' }, 'It takes 5 business days').ok).toBe(true)
    expect(contentCorrect({ answer_contains: ['5', 'days'] }, 'five DAYS').ok).toBe(false)
    expect(contentCorrect({}, null).ok).toBe(true)
  })

  it('reads answer_contains as a reader would: NFKC, case and whitespace ignored, no spaces needed around Chinese', () => {
    const has = (wanted: string, message: string) => contentCorrect({ answer_contains: [wanted] }, message).ok
    expect(has('30 days', 'You have 30\u00a0Days to return it.')).toBe(true)
    expect(has('30 days', 'You have 30\ndays.')).toBe(true)
    expect(has('7天', '退货期限为 7 天。')).toBe(true)
    expect(has('7 天', '退货期限为7天。')).toBe(true)
    expect(has('30天', '请在３０天内退货')).toBe(true)
    expect(has('30 days', 'You have 3 0days.')).toBe(false)
    expect(answerMiss({ route: 'answer', answer_contains: ['7天', 'receipt'] }, got({ message: '请在 7 天内带上 Receipt' }))).toBe('')
  })

  it('states no answer verdict for cases without route, blocked or answer expectations', () => {
    expect(answerCorrect({ intent: 'x' }, got())).toBeUndefined()
    expect(answerCorrect({ sentiment: 'positive' }, got())).toBeUndefined()
    // doc_ids alone imply an expected answer
    expect(answerCorrect({ doc_ids: ['d'] }, got({ route: 'handoff' }))).toBe(false)
    expect(answerCorrect({ doc_ids: ['d'] }, got({ cited_doc_ids: ['d'] }))).toBe(true)
    // a grounded answer that was refused is wrong
    expect(answerCorrect({ doc_ids: ['d'] }, got({ blocked: true, cited_doc_ids: ['d'] }))).toBe(false)
  })

  it('says why an answer check failed, for the failure tables', () => {
    const [A, B, , D, E, , G, H] = suite()
    expect([A, B, D, E, G, H].map((c) => answerMiss(c.expected, c.got))).toEqual(['', 'no gold document cited', 'answered', 'handed off', 'not blocked', 'blocked'])
    expect(answerMiss({ intent: 'x' }, got())).toBeUndefined()
    const missing = scored('M', { doc_ids: ['d'], answer_contains: ['30 days', 'receipt'], answer_span: 'bring the original receipt and the box to any store' }, { cited_doc_ids: ['d'], message: 'Keep the Receipt for 30 days.' })
    expect(answerMiss(missing.expected, missing.got)).toBe('') // every phrase present: the span's F1 is not needed
    const noReceipt = scored('N', { ...missing.expected }, { cited_doc_ids: ['d'], message: 'Keep it 30 days.' })
    expect(answerMiss(noReceipt.expected, noReceipt.got)).toBe('missing "receipt"; span F1 0.00')
    expect(failedChecks(noReceipt)).toBe('answer (missing "receipt"; span F1 0.00), retrieval_hit_at_1, retrieval_hit_at_5')
    expect(failedChecks(B)).toBe('answer (no gold document cited), intent, retrieval_hit_at_1')
    // A turn that threw fails every check; the error, not a reason, explains it.
    expect(failedChecks(scored('X', { route: 'answer' }, {}, { error: 'boom' }))).toBe('answer, route')
    expect(replyExcerpt(null)).toBe('–')
    expect(replyExcerpt('a  b\n c', 10)).toBe('a b c')
    expect(replyExcerpt('x'.repeat(20), 10)).toBe('x'.repeat(9) + '…')
  })

  it('scores binary sentiment by the sign of the score', () => {
    const run = (score: number) => ({ got: got({ sentiment: 'neutral', sentiment_score: score }), sentimentMode: 'polarity' as const })
    expect(predictedSentiment(run(0.2))).toBe('positive')
    expect(predictedSentiment(run(-0.1))).toBe('negative')
    expect(predictedSentiment(run(0))).toBe('negative')
    expect(predictedSentiment({ got: got({ sentiment: 'neutral', sentiment_score: 0.9 }), sentimentMode: 'label' })).toBe('neutral')
  })

  it('fails every stated check of a turn that threw', () => {
    const c = scoreCase({ id: 'x', run: 0, lang: 'en', input: 'q', expected: { route: 'handoff', doc_ids: ['d'] }, sentimentMode: 'label', got: got({ route: 'handoff' }), latencyMs: 0, error: 'boom' })
    expect(c.checks).toMatchObject({ route: false, answer: false, retrieval_hit_at_5: false, retrieval_rr: 0 })
    expect(c.correct).toBe(false)
  })
})

describe('metrics', () => {
  it('computes every metric with its n', () => {
    const m = computeMetricSet(suite())
    expect(m.answer_accuracy).toEqual({ value: 3 / 8, n: 8 })
    expect(m.intent_accuracy).toEqual({ value: 2 / 3, n: 3 })
    expect(m.route_accuracy).toEqual({ value: 3 / 5, n: 5 })
    // predicted handoffs among routed cases: C (right), E (wrong)
    expect(m.handoff_precision).toEqual({ value: 1 / 2, n: 2 })
    // expected handoffs: C (handed off), D (answered)
    expect(m.handoff_recall).toEqual({ value: 1 / 2, n: 2 })
    expect(m.compliance_recall).toEqual({ value: 1 / 2, n: 2 })
    // negatives: H (blocked false), A and B (grounded answers); only H was blocked
    expect(m.compliance_false_positive_rate).toEqual({ value: 1 / 3, n: 3 })
    expect(m.retrieval_hit_at_1).toEqual({ value: 1 / 2, n: 2 })
    expect(m.retrieval_hit_at_5).toEqual({ value: 1, n: 2 })
    expect(m.retrieval_mrr.value).toBeCloseTo((1 + 1 / 3) / 2, 10)
    expect(m.sentiment_accuracy).toEqual({ value: 1, n: 1 })
    expect(m.consistency).toBeUndefined()
    expect(m.errors).toEqual({ value: 0, n: 8 })
  })

  it('uses doc-level ranks: repeated chunks of one document count once', () => {
    const c = scored('R', { doc_ids: ['d2'] }, { retrieved_doc_ids: [...new Set(['d1', 'd1', 'd1', 'd1', 'd1', 'd2'])] })
    expect(c.checks).toMatchObject({ retrieval_hit_at_1: false, retrieval_hit_at_5: true, retrieval_rr: 1 / 2 })
    expect(scored('S', { doc_ids: ['z'] }, { retrieved_doc_ids: ['a', 'b', 'c', 'd', 'e', 'z'] }).checks).toMatchObject({ retrieval_hit_at_5: false, retrieval_rr: 1 / 6 })
  })

  it('sentiment accuracy and macro F1 over gold and predicted labels', () => {
    const pairs: Array<[string, string]> = [['negative', 'negative'], ['negative', 'neutral'], ['positive', 'positive'], ['neutral', 'neutral'], ['positive', 'negative']]
    const cases = pairs.map(([gold, pred], i) => scored(`s${i}`, { sentiment: gold as never }, { sentiment: pred as never }))
    const m = computeMetricSet(cases)
    expect(m.sentiment_accuracy).toEqual({ value: 3 / 5, n: 5 })
    // F1: negative 2/4, neutral 2/3, positive 2/3
    expect(m.sentiment_macro_f1.value).toBeCloseTo((0.5 + 2 / 3 + 2 / 3) / 3, 10)
    expect(m.sentiment_macro_f1.n).toBe(5)
    expect(macroF1([])).toBeNull()
    // a turn that threw: a miss for its gold label, no label of its own (positive F1 2/4, negative 0)
    expect(macroF1([{ gold: 'positive', pred: 'positive' }, { gold: 'positive', pred: null }, { gold: 'negative', pred: 'positive' }])).toBeCloseTo((2 / 4 + 0) / 2, 10)
  })

  it('latency percentiles by nearest rank', () => {
    const cases = [10, 100, 30, 20, 40].map((ms, i) => scored(`l${i}`, { route: 'answer' }, {}, { latencyMs: ms }))
    expect(computeMetricSet(cases).latency_ms).toEqual({ p50: 30, p95: 100, n: 5 })
    expect(percentile([], 50)).toBeNull()
    expect(percentile([7], 95)).toBe(7)
  })

  it('reply length in characters (code points), over the replies that answered', () => {
    const cases = [
      scored('r1', { route: 'answer' }, { message: 'Returns take 30 days.' }),
      scored('r2', { route: 'answer' }, { message: '退货需要 7 天' }),
      scored('r3', { route: 'answer' }, { message: '😀😀😀' }),
      // Not answers: a handoff's and a refusal's texts are the service's own, and a turn that threw has none.
      scored('h', { route: 'handoff' }, { route: 'handoff', message: 'I am passing this conversation to a person.' }),
      scored('b', { blocked: true }, { blocked: true, message: 'Sorry, I cannot help with that request.' }),
      scored('e', { route: 'answer' }, { message: 'A reply that was never sent out' }, { error: 'boom' }),
    ]
    expect(computeMetricSet(cases).reply_chars).toEqual({ p50: 8, p95: 21, n: 3 })
  })

  it('consistency: share of cases right in every run', () => {
    const cases = [
      scored('X', { route: 'answer' }, {}, { run: 0 }),
      scored('X', { route: 'answer' }, {}, { run: 1 }),
      scored('Y', { route: 'answer' }, {}, { run: 0 }),
      scored('Y', { route: 'answer' }, { route: 'handoff' }, { run: 1 }),
    ]
    expect(consistency(cases)).toEqual({ value: 1 / 2, n: 2 })
    expect(computeMetricSet(cases, 2).consistency).toEqual({ value: 1 / 2, n: 2 })
  })

  it('breaks down by expected intent and by language', () => {
    const cases = suite()
    cases[2] = { ...cases[2], lang: 'zh' }
    const m = computeMetrics(cases)
    expect(Object.keys(m.by_intent)).toEqual(['(none)', 'a', 'b'])
    expect(m.by_intent.a.intent_accuracy).toEqual({ value: 1 / 2, n: 2 })
    expect(m.by_intent.a.answer_accuracy).toEqual({ value: 1 / 2, n: 2 })
    expect(m.by_intent['(none)'].answer_accuracy).toEqual({ value: 1 / 5, n: 5 })
    expect(m.by_lang.zh.route_accuracy).toEqual({ value: 1, n: 1 })
    expect(m.by_lang.en.answer_accuracy).toEqual({ value: 2 / 7, n: 7 })
  })

  it('reports null with n 0 when no case states a metric', () => {
    const m = computeMetricSet([scored('only-sentiment', { sentiment: 'positive' }, { sentiment: 'positive' })])
    expect(m.answer_accuracy).toEqual({ value: null, n: 0 })
    expect(m.handoff_precision).toEqual({ value: null, n: 0 })
    expect(m.retrieval_mrr).toEqual({ value: null, n: 0 })
  })

  it('lists intent confusions, most frequent first', () => {
    const cases = [
      scored('1', { intent: 'a' }, { intent: 'b' }),
      scored('2', { intent: 'a' }, { intent: 'b' }),
      scored('3', { intent: 'c' }, { intent: 'b' }),
      scored('4', { intent: 'a' }, { intent: 'a' }),
    ]
    expect(intentConfusions(cases)).toEqual([
      { expected: 'a', got: 'b', count: 2 },
      { expected: 'c', got: 'b', count: 1 },
    ])
  })
})

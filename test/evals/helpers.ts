/** Builders for scored cases in metric and report tests. */
import { scoreCase } from '../../evals/metrics/score.js'
import type { CaseRun, Expected, Got, ScoredCase } from '../../evals/types.js'

export const got = (over: Partial<Got> = {}): Got => ({
  message: null,
  intent: 'other',
  intent_confidence: 0.9,
  route: 'answer',
  route_reasons: [],
  sentiment: 'neutral',
  sentiment_score: 0,
  blocked: false,
  cited_doc_ids: [],
  retrieved_doc_ids: [],
  ...over,
})

export function scored(id: string, expected: Expected, g: Partial<Got> = {}, over: Partial<CaseRun> = {}): ScoredCase {
  return scoreCase({ id, run: 0, lang: 'en', input: `question ${id}`, expected, sentimentMode: 'label', got: got(g), latencyMs: 10, ...over })
}

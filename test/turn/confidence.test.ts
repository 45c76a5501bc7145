import { describe, expect, it } from 'vitest'
import { assessConfidence, retrievalLowReasons } from '../../src/turn/stages/confidence.js'
import type { RetrievalStage } from '../../src/turn/stages/retrieve.js'

const routing = { minIntentConfidence: 0.35, minRetrievalCloseness: 0.13, minAnswerConfidence: 0.4, minTermCoverage: 0.45, outOfScopeIntentConfidence: 0.2 }
const retrieval = (over: Partial<RetrievalStage> = {}): RetrievalStage => ({ hits: [], dropped: [], closeness: 0.5, termCoverage: 1, ...over })
const intent = (confidence: number) => ({ name: 'order_status', confidence, ranking: [], route: 'answer' as const, inContext: false })

describe('confidence stage', () => {
  it('calls a question outside the knowledge base only when its words are not there and no intent fits', () => {
    expect(retrievalLowReasons(retrieval({ termCoverage: 0.1 }), intent(0.1), routing)).toEqual(['outside_knowledge_base'])
    // A confident intent reading, or a question in the knowledge base's words, is in scope.
    expect(retrievalLowReasons(retrieval({ termCoverage: 0.1 }), intent(0.6), routing)).toEqual([])
    expect(retrievalLowReasons(retrieval({ termCoverage: 0.8 }), intent(0.1), routing)).toEqual([])
  })

  it('keeps the retrieval reasons when an answer was composed', () => {
    const answer = { text: 'Standard shipping takes 3-5 business days.', citations: [], coverage: 1 }
    const low = assessConfidence({ intent: intent(0.1), retrieval: retrieval({ closeness: 0.05, termCoverage: 0.2 }), answer }, routing)
    expect(low.lowReasons).toEqual(['low_retrieval_score', 'outside_knowledge_base'])
    const fine = assessConfidence({ intent: intent(0.9), retrieval: retrieval(), answer }, routing)
    expect(fine).toEqual({ score: 0.98, lowReasons: [] })
  })
})

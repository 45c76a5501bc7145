import type { RoutingConfig } from '../../config.js'
import type { Answer } from '../../models/types.js'
import type { IntentStage } from './intent.js'
import type { RetrievalStage } from './retrieve.js'

export type LowConfidenceReason =
  | 'no_answer'
  | 'low_retrieval_score'
  | 'low_citation_coverage'
  | 'low_intent_confidence'
  | 'low_confidence'

export interface ConfidenceStage {
  /** 0..1: how sure we are that the reply answers the question from the knowledge base. */
  score: number
  /** Empty when confident; otherwise each entry becomes a handoff reason. */
  lowReasons: LowConfidenceReason[]
}

/** Known before any answer exists: the knowledge base has nothing close to the question. */
export function retrievalLowReasons(retrieval: RetrievalStage, routing: Pick<RoutingConfig, 'minRetrievalSimilarity'>): LowConfidenceReason[] {
  return retrieval.topSimilarity < routing.minRetrievalSimilarity ? ['low_retrieval_score'] : []
}

/**
 * Stage 6: combines retrieval similarity, citation coverage and intent confidence.
 * Retrieval weighs most: a confident intent with no supporting article still cannot be answered.
 */
export function assessConfidence(
  input: { intent: IntentStage; retrieval: RetrievalStage; answer: Answer },
  routing: Pick<RoutingConfig, 'minIntentConfidence' | 'minRetrievalSimilarity' | 'minAnswerConfidence'>,
): ConfidenceStage {
  const { intent, retrieval, answer } = input
  // Similarity at twice the minimum counts as full retrieval confidence.
  const retrievalScore = Math.max(0, Math.min(1, retrieval.topSimilarity / (2 * routing.minRetrievalSimilarity)))
  const score = answer.text ? 0.5 * retrievalScore + 0.3 * answer.coverage + 0.2 * intent.confidence : 0

  const lowReasons: LowConfidenceReason[] = []
  if (!answer.text) lowReasons.push('no_answer')
  lowReasons.push(...retrievalLowReasons(retrieval, routing))
  if (answer.text && answer.coverage < 0.5) lowReasons.push('low_citation_coverage')
  if (score < routing.minAnswerConfidence) {
    lowReasons.push(intent.confidence < routing.minIntentConfidence ? 'low_intent_confidence' : 'low_confidence')
  }
  return { score: Number(score.toFixed(4)), lowReasons }
}

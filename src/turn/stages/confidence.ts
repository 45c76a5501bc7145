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
  | 'outside_knowledge_base'

export interface ConfidenceStage {
  /** 0..1: how sure we are that the reply answers the question from the knowledge base. */
  score: number
  /** Empty when confident; otherwise each entry becomes a handoff reason. */
  lowReasons: LowConfidenceReason[]
}

type RetrievalRouting = Pick<RoutingConfig, 'minRetrievalCloseness' | 'minTermCoverage' | 'outOfScopeIntentConfidence'>

/**
 * Known before any answer exists: the knowledge base has nothing close to the question, or the
 * question is about something else. An extract always shares some word with an English question;
 * one whose telling words the knowledge base never uses, and that reads as none of the intents,
 * is not about what the help center covers ("Who won the game last night?").
 */
export function retrievalLowReasons(retrieval: RetrievalStage, intent: Pick<IntentStage, 'confidence'>, routing: RetrievalRouting): LowConfidenceReason[] {
  const reasons: LowConfidenceReason[] = []
  if (retrieval.closeness < routing.minRetrievalCloseness) reasons.push('low_retrieval_score')
  if (retrieval.termCoverage < routing.minTermCoverage && intent.confidence < routing.outOfScopeIntentConfidence) reasons.push('outside_knowledge_base')
  return reasons
}

/**
 * Stage 6: combines retrieval similarity, citation coverage and intent confidence.
 * Retrieval weighs most: a confident intent with no supporting article still cannot be answered.
 */
export function assessConfidence(
  input: { intent: IntentStage; retrieval: RetrievalStage; answer: Answer },
  routing: RetrievalRouting & Pick<RoutingConfig, 'minIntentConfidence' | 'minAnswerConfidence'>,
): ConfidenceStage {
  const { intent, retrieval, answer } = input
  // Closeness at twice the minimum counts as full retrieval confidence.
  const retrievalScore = Math.max(0, Math.min(1, retrieval.closeness / (2 * routing.minRetrievalCloseness)))
  const score = answer.text ? 0.5 * retrievalScore + 0.3 * answer.coverage + 0.2 * intent.confidence : 0

  const lowReasons: LowConfidenceReason[] = []
  if (!answer.text) lowReasons.push('no_answer')
  lowReasons.push(...retrievalLowReasons(retrieval, intent, routing))
  if (answer.text && answer.coverage < 0.5) lowReasons.push('low_citation_coverage')
  if (score < routing.minAnswerConfidence) {
    lowReasons.push(intent.confidence < routing.minIntentConfidence ? 'low_intent_confidence' : 'low_confidence')
  }
  return { score: Number(score.toFixed(4)), lowReasons }
}

import type { CheckResult } from '../../compliance/types.js'
import type { ConfidenceStage } from './confidence.js'
import type { InputCheck } from './input-check.js'
import type { IntentStage } from './intent.js'
import type { SentimentStage } from './sentiment.js'
import type { EscalationSignals } from './escalation.js'

export type HandoffReason =
  | 'unsafe_content'
  | 'customer_requested_human'
  | 'legal_threat'
  | 'complaint'
  | 'intent_routed_to_handoff'
  | 'negative_sentiment'
  | 'repeated_question'
  | 'compliance_block'
  | 'unsupported_figure'
  | 'provider_failure'
  | ConfidenceStage['lowReasons'][number]

export type RouteDecision =
  | { route: 'answer'; reasons: string[] }
  | { route: 'handoff'; reasons: HandoffReason[]; priority: 'urgent' | 'normal' }

export interface RouteInput {
  input: InputCheck
  sentiment: SentimentStage
  intent: IntentStage
  escalation: Pick<EscalationSignals, 'humanRequested' | 'legalThreat' | 'complaint' | 'humanDeclined' | 'matched'>
  /** Minimum intent confidence for an intent's `handoff` route to count as the customer's wish. */
  handoffIntentConfidence: number
  repeatedQuestion: boolean
  /** Null for smalltalk and blocked input, which skip retrieval. */
  confidence: ConfidenceStage | null
  /** The reply's output check; null before or without one. */
  output: Pick<CheckResult, 'action' | 'decisions'> | null
  providerFailed: boolean
}

/** Stage 8: reply or hand off, with every reason that applied (the first is the headline). */
export function decideRoute(r: RouteInput): RouteDecision {
  const reasons: HandoffReason[] = []
  if (r.input.handoff) reasons.push('unsafe_content')
  // A strongly negative message whose best reading is a handoff intent counts even when the reading is unsure.
  const handoffIntentTrusted = r.intent.confidence >= r.handoffIntentConfidence || (r.sentiment.strongNegative && r.intent.confidence >= r.handoffIntentConfidence / 2)
  // "No, I don't need to speak to an agent" reads as human_agent to a classifier that does not see the negation.
  const declined = r.escalation.humanDeclined && r.intent.name === 'human_agent'
  const handoffIntent = r.intent.route === 'handoff' && handoffIntentTrusted && !declined ? r.intent.name : null
  if (r.escalation.humanRequested || handoffIntent === 'human_agent') reasons.push('customer_requested_human')
  if (r.escalation.legalThreat || handoffIntent === 'legal_threat') reasons.push('legal_threat')
  // A complaint phrase counts when the customer sounds it: "not unacceptable" is no complaint.
  if ((r.escalation.complaint && r.sentiment.score < 0) || handoffIntent === 'complaint') reasons.push('complaint')
  if (handoffIntent && !['human_agent', 'legal_threat', 'complaint'].includes(handoffIntent)) reasons.push('intent_routed_to_handoff')
  // One angry message with a concrete question still gets an answer; anger that persists gets a person.
  if (r.sentiment.persistentNegative) reasons.push('negative_sentiment')
  if (r.repeatedQuestion) reasons.push('repeated_question')
  if (r.providerFailed) reasons.push('provider_failure')
  if (r.output?.action === 'block' || r.output?.action === 'handoff') {
    // A figure the passages don't state is told apart from other blocks: the agent checks the answer against the article.
    const stopped = r.output.decisions.filter((d) => d.action === 'block' || d.action === 'handoff')
    if (stopped.some((d) => d.category === 'grounding')) reasons.push('unsupported_figure')
    if (stopped.some((d) => d.category !== 'grounding')) reasons.push('compliance_block')
  }
  if (r.confidence) reasons.push(...r.confidence.lowReasons)

  // A refused input is answered with the refusal itself, unless something else needs a person.
  if (reasons.length === 0) return { route: 'answer', reasons: r.input.blocked ? ['input_blocked'] : [] }
  const urgent = r.input.handoff?.priority === 'urgent' || r.sentiment.strongNegative || reasons.includes('legal_threat')
  const priority = urgent ? 'urgent' : 'normal'
  return { route: 'handoff', reasons, priority }
}

/** What an agent sees first when they open a handoff: enough to reply without re-reading everything. */
export interface HandoffPacket {
  summary: string
  lastMessage: string
  intent: { name: string; confidence: number } | null
  sentimentTrend: number[]
  documents: Array<{ docId: string; title: string; url: string | null; similarity: number }>
  draftReply: string | null
  reason: string
  /** The headline reason's category, for queue filters and reports. */
  reasonCategory?: ReasonCategory
  reasons: string[]
  priority: 'urgent' | 'normal'
  /** ISO time by which a person should have replied. */
  slaDueAt?: string
}

export type ReasonCategory = 'safety' | 'customer_request' | 'escalation_intent' | 'sentiment' | 'bot_loop' | 'compliance' | 'system' | 'low_confidence'

const CATEGORIES: Record<string, ReasonCategory> = {
  unsafe_content: 'safety',
  customer_requested_human: 'customer_request',
  intent_routed_to_handoff: 'escalation_intent',
  legal_threat: 'escalation_intent',
  complaint: 'escalation_intent',
  negative_sentiment: 'sentiment',
  repeated_question: 'bot_loop',
  compliance_block: 'compliance',
  provider_failure: 'system',
}

/** Groups the turn's handoff reasons; the confidence stage's reasons (no_answer, low_*) are all `low_confidence`. */
export function reasonCategory(reason: string): ReasonCategory {
  return CATEGORIES[reason] ?? 'low_confidence'
}

/** A short extractive summary: the customer's messages in order, trimmed. */
export function summarizeConversation(history: Array<{ role: string; text: string }>, lastMessage: string): string {
  const said = [...history.filter((m) => m.role === 'customer').map((m) => m.text), lastMessage]
  const lines = said.slice(-5).map((t) => `- ${t.length > 160 ? `${t.slice(0, 157)}...` : t}`)
  return `Customer wrote ${said.length} message(s):\n${lines.join('\n')}`
}

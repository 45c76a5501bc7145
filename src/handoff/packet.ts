import { truncate } from '../text/truncate.js'
import type { HandoffReason } from '../turn/stages/route.js'

/** What an agent sees first when they open a handoff: enough to reply without re-reading everything. */
export interface HandoffPacket {
  summary: string
  /** Who wrote the summary: the extractive one below, or the model's note that replaced it (summary.ts). */
  summarySource?: 'extractive' | 'model'
  /** The customer message the model's note was asked after (a note asked earlier never replaces it). */
  summaryThroughSeq?: number
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

export type ReasonCategory = 'safety' | 'legal' | 'complaint' | 'customer_request' | 'escalation_intent' | 'sentiment' | 'bot_loop' | 'compliance' | 'system' | 'low_confidence' | 'other'

/** Every reason the route stage can give (a new one fails to compile here until it has a category). */
const CATEGORIES = {
  unsafe_content: 'safety',
  legal_threat: 'legal',
  complaint: 'complaint',
  customer_requested_human: 'customer_request',
  intent_routed_to_handoff: 'escalation_intent',
  negative_sentiment: 'sentiment',
  repeated_question: 'bot_loop',
  compliance_block: 'compliance',
  unsupported_figure: 'compliance',
  provider_failure: 'system',
  no_answer: 'low_confidence',
  low_retrieval_score: 'low_confidence',
  low_citation_coverage: 'low_confidence',
  low_intent_confidence: 'low_confidence',
  low_confidence: 'low_confidence',
  outside_knowledge_base: 'low_confidence',
} satisfies Record<HandoffReason, ReasonCategory>

/** The category of the turn's headline handoff reason, for queue filters and reports. */
export function reasonCategory(reason: string): ReasonCategory {
  return (CATEGORIES as Record<string, ReasonCategory>)[reason] ?? 'other'
}

/** A short extractive summary: the customer's messages in order, trimmed. */
export function summarizeConversation(history: Array<{ role: string; text: string }>, lastMessage: string): string {
  const said = [...history.filter((m) => m.role === 'customer').map((m) => m.text), lastMessage]
  // Cut at whole characters: half an emoji would make PostgreSQL refuse the packet, and the turn with it.
  const lines = said.slice(-5).map((t) => `- ${truncate(t, 160, '...')}`)
  return `Customer wrote ${said.length} message(s):\n${lines.join('\n')}`
}

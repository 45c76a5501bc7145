/**
 * The model's handoff note. A handoff is created inside the turn with the extractive summary
 * (packet.ts); once the turn has committed, the note is asked for in the background from the
 * stored transcript, PII masked as the turn's models read it, and replaces the extractive summary
 * when it comes in time. A failure or timeout keeps the extractive one and counts as a provider
 * fallback; nothing else waits on it or fails with it.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { conversations, handoffs } from '../db/schema/index.js'
import type { EventBus } from '../events/bus.js'
import type { HandoffSummarizer, HandoffSummaryInput } from '../models/types.js'
import { ProviderError } from '../models/openai/errors.js'
import type { StageHooks } from '../ops/stages.js'
import { detectedValues, sealValues } from '../privacy/seal.js'
import type { Vault } from '../privacy/vault.js'
import { truncate } from '../text/truncate.js'
import { loadConversation } from '../turn/store.js'
import { beforeDeadline } from '../turn/resilience.js'
import type { TurnResult } from '../turn/turn.js'
import { publishHandoff } from './events.js'
import type { HandoffRow } from './view.js'

export interface SummaryDeps extends Pick<StageHooks, 'onProviderFallback'> {
  db: Db
  events: EventBus
  vault?: Vault
  handoffSummarizer?: HandoffSummarizer
  background: (work: Promise<unknown>) => void
  config: { HANDOFF_SUMMARY_TIMEOUT_MS: number }
}

/** The transcript's most recent messages, each cut, keep the prompt small. */
const MAX_MESSAGES = 30
const MAX_MESSAGE_CHARS = 1000
const MAX_SUMMARY_CHARS = 2000
type TranscriptLine = HandoffSummaryInput['transcript'][number]
const TRANSCRIPT_ROLES = new Set<string>(['customer', 'bot', 'agent'] satisfies Array<TranscriptLine['role']>)
const inTranscript = (m: { role: string; text: string }): m is TranscriptLine => TRANSCRIPT_ROLES.has(m.role)

/** After a turn that handed off has committed: asks for the model's note without waiting for it. */
export function requestHandoffSummary(deps: SummaryDeps, tenantId: string, turn: TurnResult): void {
  const summarizer = deps.handoffSummarizer
  const handoffId = turn.stored.handoffId
  // A provider that just failed the turn is not asked again: the extractive summary stays.
  if (!summarizer || !handoffId || turn.stages.route.reasons.includes('provider_failure')) return
  const facts = { tenantId, conversationId: turn.reply.conversation_id, handoffId }
  const about = { intent: turn.stages.intent.name, sentiment: turn.stages.sentiment.label, reason: turn.stages.route.reasons[0] }
  deps.background(summarize(deps, summarizer, facts, about))
}

interface HandoffFacts {
  tenantId: string
  conversationId: string
  handoffId: string
}

async function summarize(deps: SummaryDeps, summarizer: HandoffSummarizer, facts: HandoffFacts, about: Pick<HandoffSummaryInput, 'intent' | 'sentiment' | 'reason'>) {
  const conversation = await readTranscript(deps, facts)
  if (!conversation) return
  let summary: string
  try {
    const text = await beforeDeadline((signal) => summarizer.summarize({ ...about, ...conversation }, { signal }), deps.config.HANDOFF_SUMMARY_TIMEOUT_MS, 'handoff summary')
    summary = truncate(text.trim(), MAX_SUMMARY_CHARS, '...')
    if (!summary) throw new ProviderError('malformed', 'handoff summary: empty')
  } catch (error) {
    deps.onProviderFallback?.({ stage: 'handoff_summary', error })
    return
  }
  const row = await storeSummary(deps, facts, summary)
  if (row) publishHandoff(deps.events, 'handoff.updated', row, { changed: ['summary'] })
}

/**
 * The conversation's language and recent messages as the turn reads them (PII masked, what the policy
 * keeps opened); null once the conversation was erased (no customer link).
 */
async function readTranscript(deps: SummaryDeps, facts: HandoffFacts): Promise<Pick<HandoffSummaryInput, 'lang' | 'transcript'> | null> {
  const conversation = await loadConversation(deps.db, facts.tenantId, facts.conversationId, deps.vault, MAX_MESSAGES)
  if (!conversation?.customerId) return null
  const transcript = conversation.history.filter(inTranscript).map((m) => ({ role: m.role, text: truncate(m.text, MAX_MESSAGE_CHARS, '...') }))
  return { lang: conversation.lang === 'zh' ? 'zh' : 'en', transcript }
}

/**
 * Writes the note over the extractive summary, only while the handoff is open and its
 * conversation not erased. Erasure closes a conversation's open handoffs under the
 * conversation's row lock, which this shares: the note lands before erasure (which then scrubs
 * it with the rest of the packet) or finds the handoff closed and writes nothing.
 */
async function storeSummary(deps: SummaryDeps, facts: HandoffFacts, summary: string): Promise<HandoffRow | null> {
  // Stored like the rest of the packet: PII the model quoted is sealed.
  const sealed = deps.vault ? await sealValues(deps.vault, summary, detectedValues(summary)) : summary
  const patch = JSON.stringify({ summary: sealed, summarySource: 'model' })
  return deps.db.transaction(async (tx: Tx) => {
    const [live] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.tenantId, facts.tenantId), eq(conversations.id, facts.conversationId), isNotNull(conversations.customerId)))
      .for('share')
    if (!live) return null
    const [row] = await tx
      .update(handoffs)
      .set({ packet: sql`${handoffs.packet} || ${patch}::jsonb`, updatedAt: sql`now()` })
      .where(and(
        eq(handoffs.tenantId, facts.tenantId),
        eq(handoffs.id, facts.handoffId),
        inArray(handoffs.state, ['waiting', 'claimed']),
        // A packet already scrubbed has no summary to replace.
        sql`${handoffs.packet} ->> 'summary' IS NOT NULL`,
      ))
      .returning()
    return row ?? null
  })
}

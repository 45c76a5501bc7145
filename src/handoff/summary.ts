/**
 * The model's handoff note. A handoff is created inside the turn with the extractive summary
 * (packet.ts); once the turn has committed, the note is asked for in the background from the
 * stored transcript, PII masked as the turn's models read it, and replaces the extractive summary
 * when it comes in time. While the handoff waits for a person, each thing the customer adds is
 * worth a new note: it is asked for once they pause, so a burst of messages costs one call.
 * A failure or timeout keeps the summary there and counts as a provider fallback; nothing else
 * waits on it or fails with it.
 */
import { and, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { conversations, handoffs, messages } from '../db/schema/index.js'
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
  config: { HANDOFF_SUMMARY_TIMEOUT_MS: number; HANDOFF_SUMMARY_QUIET_MS: number }
}

/** The transcript's most recent messages, each cut, keep the prompt small. */
const MAX_MESSAGES = 30
const MAX_MESSAGE_CHARS = 1000
const MAX_SUMMARY_CHARS = 2000
type TranscriptLine = HandoffSummaryInput['transcript'][number]
const TRANSCRIPT_ROLES = new Set<string>(['customer', 'bot', 'agent'] satisfies Array<TranscriptLine['role']>)
const inTranscript = (m: { role: string; text: string }): m is TranscriptLine => TRANSCRIPT_ROLES.has(m.role)

/**
 * After a turn has committed: asks for the model's note without waiting for it, for the handoff
 * the turn created, or for the one still waiting for a person when the customer wrote more.
 */
export function requestHandoffSummary(deps: SummaryDeps, tenantId: string, turn: TurnResult): void {
  const summarizer = deps.handoffSummarizer
  const { handoffId, awaitingHuman, openHandoff, customerSeq } = turn.stored
  // A provider that just failed the turn is not asked again: the summary there stays.
  if (!summarizer || turn.stages.route.reasons.includes('provider_failure')) return
  const target = handoffId ?? (awaitingHuman ? openHandoff?.id : undefined)
  if (!target) return
  const facts: NoteFacts = { tenantId, conversationId: turn.reply.conversation_id, handoffId: target, throughSeq: customerSeq, update: !handoffId }
  const about = { intent: turn.stages.intent.name, sentiment: turn.stages.sentiment.label, reason: turn.stages.route.reasons[0] }
  deps.background(summarize(deps, summarizer, facts, about))
}

interface NoteFacts {
  tenantId: string
  conversationId: string
  handoffId: string
  /** The customer message the note is asked after: a note never replaces one written after a later message. */
  throughSeq: number
  /** A new note for a handoff that already has one, asked for while it waits for a person. */
  update: boolean
}

type About = Pick<HandoffSummaryInput, 'intent' | 'sentiment' | 'reason'>

async function summarize(deps: SummaryDeps, summarizer: HandoffSummarizer, facts: NoteFacts, about: About) {
  if (facts.update) {
    await new Promise((resolve) => setTimeout(resolve, deps.config.HANDOFF_SUMMARY_QUIET_MS))
    const reason = await stillWorthUpdating(deps.db, facts)
    if (!reason) return
    about = { ...about, reason }
  }
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
 * The handoff's reason when a new note is still wanted once the customer paused: it waits for a
 * person (one who claimed it reads the conversation as it goes) and no later message asks for its own.
 */
async function stillWorthUpdating(db: Db, facts: NoteFacts): Promise<string | null> {
  const [later] = await db
    .select({ seq: messages.seq })
    .from(messages)
    .where(and(eq(messages.tenantId, facts.tenantId), eq(messages.conversationId, facts.conversationId), eq(messages.role, 'customer'), gt(messages.seq, facts.throughSeq)))
    .limit(1)
  if (later) return null
  const [open] = await db
    .select({ reason: sql<string>`${handoffs.packet} ->> 'reason'` })
    .from(handoffs)
    .where(and(eq(handoffs.tenantId, facts.tenantId), eq(handoffs.id, facts.handoffId), eq(handoffs.state, 'waiting')))
  return open?.reason ?? null
}

/**
 * The conversation's language and recent messages as the turn reads them (PII masked, what the policy
 * keeps opened); null once the conversation was erased (no customer link).
 */
async function readTranscript(deps: SummaryDeps, facts: NoteFacts): Promise<Pick<HandoffSummaryInput, 'lang' | 'transcript'> | null> {
  const conversation = await loadConversation(deps.db, facts.tenantId, facts.conversationId, deps.vault, MAX_MESSAGES)
  if (!conversation?.customerId) return null
  const transcript = conversation.history.filter(inTranscript).map((m) => ({ role: m.role, text: truncate(m.text, MAX_MESSAGE_CHARS, '...') }))
  return { lang: conversation.lang === 'zh' ? 'zh' : 'en', transcript }
}

/**
 * Writes the note over the summary there, only while the handoff is open (for a new note: still
 * waiting), its conversation not erased, and no note asked after a later message was written.
 * Erasure closes a conversation's open handoffs under the conversation's row lock, which this
 * shares: the note lands before erasure (which then scrubs it with the rest of the packet) or finds
 * the handoff closed and writes nothing.
 */
async function storeSummary(deps: SummaryDeps, facts: NoteFacts, summary: string): Promise<HandoffRow | null> {
  // Stored like the rest of the packet: PII the model quoted is sealed.
  const sealed = deps.vault ? await sealValues(deps.vault, summary, detectedValues(summary)) : summary
  const patch = JSON.stringify({ summary: sealed, summarySource: 'model', summaryThroughSeq: facts.throughSeq })
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
        inArray(handoffs.state, facts.update ? ['waiting'] : ['waiting', 'claimed']),
        sql`COALESCE((${handoffs.packet} ->> 'summaryThroughSeq')::int, -1) < ${facts.throughSeq}`,
        // A packet already scrubbed has no summary to replace.
        sql`${handoffs.packet} ->> 'summary' IS NOT NULL`,
      ))
      .returning()
    return row ?? null
  })
}

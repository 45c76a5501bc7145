/**
 * "Was this helpful?": the customer's vote on one of the assistant's answers in their conversation.
 * One vote per answer; voting again replaces the vote and the comment.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { answerFeedback, messages } from '../db/schema/index.js'
import { notFound, ProblemError } from '../http/problem.js'

export const notAnAnswer = () =>
  new ProblemError({ title: 'Unprocessable Content', status: 422, detail: "Only the assistant's answers can be rated." })

/**
 * Stores (or replaces) the vote on `messageId`, which must be an answer of the assistant (a `bot`
 * message whose turn answered) in the conversation: 404 when it is unknown or another conversation's,
 * 422 for the customer's, an agent's or a system message, and for a handoff notice, which answered nothing.
 * `comment` is as it may be stored (see storableComment); absent, a previous comment goes.
 */
export async function rateAnswer(db: Db, tenantId: string, conversationId: string, messageId: string, input: { helpful: boolean; comment?: string }) {
  const [message] = await db
    .select({ role: messages.role, meta: messages.meta })
    .from(messages)
    .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversationId), eq(messages.id, messageId)))
  if (!message) throw notFound('Message', messageId)
  if (message.role !== 'bot' || message.meta?.route !== 'answer') throw notAnAnswer()
  const comment = input.comment ?? null
  const [row] = await db
    .insert(answerFeedback)
    .values({ id: crypto.randomUUID(), tenantId, conversationId, messageId, helpful: input.helpful, comment })
    .onConflictDoUpdate({ target: [answerFeedback.tenantId, answerFeedback.messageId], set: { helpful: input.helpful, comment, updatedAt: sql`now()` } })
    .returning()
  return { message_id: row.messageId, helpful: row.helpful, comment: row.comment }
}

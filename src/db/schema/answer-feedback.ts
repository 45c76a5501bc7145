import { boolean, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/**
 * "Was this helpful?": the customer's vote on one of the assistant's answers (a `bot` message).
 * One row per answer; voting again replaces the vote and the comment.
 */
export const answerFeedback = pgTable(
  'answer_feedback',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    /** The assistant's reply message that was rated. */
    messageId: text('message_id').notNull(),
    helpful: boolean('helpful').notNull(),
    /** Customer text, stored as the handoff rating's comment is (PII masked, kept values sealed). */
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('answer_feedback_tenant_message_idx').on(t.tenantId, t.messageId),
    // Erasure and export find a conversation's rows.
    index('answer_feedback_conversation_idx').on(t.conversationId),
  ],
)

import { index, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core'

export type DecisionSubject = 'customer_message' | 'bot_reply' | 'agent_reply'

/**
 * Every compliance decision, on the customer's messages, the bot's replies and the agents' replies
 * (including replies an agent was refused). Append-only (a trigger in migration
 * `compliance_decisions_append_only` refuses UPDATE, DELETE and TRUNCATE), so nobody, agents
 * included, can edit or remove one. Holds which rule fired and what it did, with span offsets;
 * never the matched text, so erasure has nothing to take from it (the text stays with the turn,
 * sealed and erasable).
 */
export const complianceDecisions = pgTable(
  'compliance_decisions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    subject: text('subject').$type<DecisionSubject>().notNull(),
    /** The stored message checked; null for a reply that was refused and so never stored. */
    messageId: text('message_id'),
    turnId: text('turn_id'),
    /** The agent whose reply was checked. */
    staffId: text('staff_id'),
    ruleId: text('rule_id').notNull(),
    category: text('category').notNull(),
    action: text('action').notNull(),
    /** Offsets and types of what matched, in the checked text: `[{start, end, type?}]`. */
    spans: jsonb('spans').$type<Array<{ start: number; end: number; type?: string }>>().notNull().default([]),
    score: real('score'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('compliance_decisions_tenant_created_idx').on(t.tenantId, t.createdAt), index('compliance_decisions_conversation_idx').on(t.conversationId)],
)

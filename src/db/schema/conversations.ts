import { index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

export type ConversationStatus = 'bot' | 'handoff' | 'closed'
export type MessageRole = 'customer' | 'bot' | 'agent' | 'system'

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    customerId: text('customer_id'),
    lang: text('lang'),
    status: text('status').$type<ConversationStatus>().notNull().default('bot'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** Sequence number of the newest message; bumped under the row lock by whoever appends one. */
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversations_tenant_customer_idx').on(t.tenantId, t.customerId)],
)

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    seq: integer('seq').notNull(),
    role: text('role').$type<MessageRole>().notNull(),
    text: text('text').notNull(),
    /** Citations and other render hints for bot replies. */
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('messages_conversation_seq_idx').on(t.conversationId, t.seq)],
)

/** One row per customer message: what every stage decided, for audit, evals and analytics. */
export const turns = pgTable(
  'turns',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    customerMessageId: text('customer_message_id').notNull(),
    replyMessageId: text('reply_message_id'),
    intent: text('intent'),
    intentConfidence: real('intent_confidence'),
    sentiment: text('sentiment'),
    sentimentScore: real('sentiment_score'),
    retrieved: jsonb('retrieved').$type<Array<{ chunkId: string; docId: string; score: number; similarity: number }>>().notNull().default([]),
    confidence: real('confidence'),
    route: text('route').notNull(),
    routeReasons: jsonb('route_reasons').$type<string[]>().notNull().default([]),
    compliance: jsonb('compliance').$type<unknown[]>().notNull().default([]),
    latencyMs: real('latency_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('turns_conversation_idx').on(t.conversationId)],
)

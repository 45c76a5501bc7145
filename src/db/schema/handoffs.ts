import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export type HandoffState = 'waiting' | 'claimed' | 'resolved' | 'returned'

export const handoffs = pgTable(
  'handoffs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    turnId: text('turn_id'),
    reason: text('reason').notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    priority: text('priority').$type<'urgent' | 'normal'>().notNull().default('normal'),
    state: text('state').$type<HandoffState>().notNull().default('waiting'),
    packet: jsonb('packet').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('handoffs_tenant_state_idx').on(t.tenantId, t.state)],
)

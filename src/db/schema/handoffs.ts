import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/** waiting -> claimed -> resolved, or returned (back to the bot); an expired claim goes back to waiting. */
export type HandoffState = 'waiting' | 'claimed' | 'resolved' | 'returned'
export type HandoffPriority = 'urgent' | 'normal'

export const handoffs = pgTable(
  'handoffs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    turnId: text('turn_id'),
    reason: text('reason').notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    priority: text('priority').$type<HandoffPriority>().notNull().default('normal'),
    state: text('state').$type<HandoffState>().notNull().default('waiting'),
    packet: jsonb('packet').$type<Record<string, unknown>>().notNull().default({}),
    /** Only agents with this skill take it from the queue (set when transferred back with a tag). */
    skill: text('skill'),
    /** The agent holding the claim while state is 'claimed'. */
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** A claim not renewed by then lapses: the handoff is claimable again. */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    claimCount: integer('claim_count').notNull().default(0),
    /** Deadline for the first human reply (per priority, from the handoff config). */
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }).notNull().default(sql`now() + interval '10 minutes'`),
    slaBreachedAt: timestamp('sla_breached_at', { withTimezone: true }),
    firstClaimedAt: timestamp('first_claimed_at', { withTimezone: true }),
    timeToClaimMs: integer('time_to_claim_ms'),
    firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
    timeToFirstReplyMs: integer('time_to_first_reply_ms'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('handoffs_tenant_state_idx').on(t.tenantId, t.state),
    index('handoffs_conversation_idx').on(t.conversationId),
    // At most one open handoff per conversation.
    uniqueIndex('handoffs_open_conversation_idx').on(t.conversationId).where(sql`state in ('waiting', 'claimed')`),
  ],
)

export type HandoffActivityKind = 'note' | 'claimed' | 'transferred' | 'expired' | 'sla_breached' | 'resolved' | 'returned'

/** What happened to a handoff, including the agents' internal notes (never shown to the customer). */
export const handoffActivity = pgTable(
  'handoff_activity',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    handoffId: text('handoff_id').notNull(),
    kind: text('kind').$type<HandoffActivityKind>().notNull(),
    staffId: text('staff_id'),
    text: text('text'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('handoff_activity_handoff_idx').on(t.handoffId)],
)

/** The customer's rating after a resolved handoff: one per handoff. */
export const handoffFeedback = pgTable(
  'handoff_feedback',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    handoffId: text('handoff_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('handoff_feedback_handoff_idx').on(t.handoffId)],
)

import { sql } from 'drizzle-orm'
import { bigint, boolean, date, doublePrecision, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * The privacy notice a conversation started under, and the customer's choice about keeping it:
 * `retain = false` means the transcript goes when the conversation closes (or after a short idle window).
 */
export const conversationPrivacy = pgTable(
  'conversation_privacy',
  {
    conversationId: text('conversation_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    retain: boolean('retain').notNull().default(true),
    noticeVersion: text('notice_version').notNull(),
    /** When the transcript of a `retain = false` conversation was removed. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversation_privacy_pending_idx').on(t.tenantId).where(sql`retain = false AND erased_at IS NULL`)],
)

/**
 * Daily per-tenant aggregates of rows that retention removed (turns by route and intent, handoffs by
 * reason, ratings), so KPIs outlive the transcripts. Counts and sums only: no personal data.
 */
export const kpiDaily = pgTable(
  'kpi_daily',
  {
    tenantId: text('tenant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    metric: text('metric').notNull(),
    key: text('key').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    total: doublePrecision('total').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.metric, t.key] })],
)

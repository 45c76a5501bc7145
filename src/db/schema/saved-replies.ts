import { sql } from 'drizzle-orm'
import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/** A saved reply's language: 'en' or 'zh', or null for one that fits any conversation. */
export type SavedReplyLang = 'en' | 'zh'

/**
 * Canned answers an agent inserts into the reply box (Zendesk macros, Intercom saved replies).
 * Supervisors keep them per tenant; a title is unique within the tenant, ignoring case.
 */
export const savedReplies = pgTable(
  'saved_replies',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    lang: text('lang').$type<SavedReplyLang>(),
    /** The staff member who created it. */
    createdBy: text('created_by'),
    /** The staff member who last created or changed it. */
    updatedBy: text('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_replies_tenant_title_idx').on(t.tenantId, sql`lower(${t.title})`)],
)

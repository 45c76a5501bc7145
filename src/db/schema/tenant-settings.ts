import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Per-tenant settings: the customer-facing widget's identity check, and the support team's hours.
 * `identitySecret` signs a logged-in customer's user id: the tenant's own server computes
 * HMAC-SHA256(identitySecret, user_id) and the widget sends it as `X-User-Hash`. It has to be
 * kept in clear (the HMAC is recomputed to verify); it is never returned by any customer endpoint.
 */
export const tenantSettings = pgTable('tenant_settings', {
  tenantId: text('tenant_id').primaryKey(),
  identitySecret: text('identity_secret'),
  /** When on, publishable-key and anonymous callers must present a verified user id. */
  identityRequired: boolean('identity_required').notNull().default(false),
  /** When the tenant's people answer handoffs ("Mon-Fri 09:00-18:00"), in supportTimezone; null: the deployment's SUPPORT_HOURS. */
  supportHours: text('support_hours'),
  supportTimezone: text('support_timezone'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

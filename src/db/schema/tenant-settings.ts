import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Per-tenant settings for the customer-facing widget.
 * `identitySecret` signs a logged-in customer's user id: the tenant's own server computes
 * HMAC-SHA256(identitySecret, user_id) and the widget sends it as `X-User-Hash`. It has to be
 * kept in clear (the HMAC is recomputed to verify); it is never returned by any customer endpoint.
 */
export const tenantSettings = pgTable('tenant_settings', {
  tenantId: text('tenant_id').primaryKey(),
  identitySecret: text('identity_secret'),
  /** When on, publishable-key and anonymous callers must present a verified user id. */
  identityRequired: boolean('identity_required').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

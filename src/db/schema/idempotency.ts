import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * `Idempotency-Key` records for customer message POSTs: written in the same transaction as the
 * turn, so a key either has its turn and its stored response, or neither.
 * Scoped by tenant and customer: two customers may use the same key.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    customerId: text('customer_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and the validated body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    /** The response body exactly as first sent (text, not jsonb, so a replay is byte-identical). */
    response: text('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.customerId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)

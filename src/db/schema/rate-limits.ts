import { boolean, doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core'

/**
 * Token buckets shared by every process and instance on one database (RATE_LIMIT_STORE): a row per
 * API key or customer, keyed by the SHA-256 of the bucket's name so no customer id is stored.
 * Times are the app's epoch milliseconds; a row untouched for a day is full again and is pruned.
 */
export const rateLimitBuckets = pgTable(
  'rate_limit_buckets',
  {
    bucket: text('bucket').primaryKey(),
    tokens: doublePrecision('tokens').notNull(),
    atMs: doublePrecision('at_ms').notNull(),
    /** Whether the last take got a token (what the upsert returns). */
    admitted: boolean('admitted').notNull(),
  },
  (t) => [index('rate_limit_buckets_at_idx').on(t.atMs)],
)

import { boolean, doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core'

/**
 * Token buckets shared by every process and instance on one database (RATE_LIMIT_STORE): a row per
 * API key or customer, named by an HMAC of the bucket's name under the vault's salt, so no customer id is
 * stored or can be confirmed by hashing a guess (plain SHA-256 where the app has no vault).
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

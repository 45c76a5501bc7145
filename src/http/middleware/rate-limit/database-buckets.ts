/**
 * Token buckets in the database, for every process and instance that shares it: several Node
 * processes (WORKERS), several containers, or Workers isolates, where buckets in memory would each
 * admit the whole limit (on Workers, a fresh app per request would admit everything). One upsert
 * per take refills the bucket for the time since its last take and takes a token when there is
 * one, atomically under the row's lock, so concurrent takes never share a token.
 */
import { sql } from 'drizzle-orm'
import { sha256Hex } from '../../../auth/secrets.js'
import { queryRows, type Db } from '../../../db/client.js'
import { retryAfterSeconds, tokensPerMs, type RateLimitStore } from './bucket.js'

/** Rows untouched this long are full again (any sane limit refills within it): they are pruned. */
const STALE_MS = 24 * 60 * 60 * 1000

export interface DatabaseBucketOptions {
  now?: () => number
  /** One take in this many (on average) also deletes the stale rows. */
  pruneEvery?: number
  /**
   * The name a bucket is stored under. Bucket names carry customer ids, so only a one-way name is
   * stored: give a keyed hash (the vault's), or an id could be confirmed by hashing a guess. Without
   * one, plain SHA-256.
   */
  nameOf?: (bucket: string) => Promise<string>
}

export function createDatabaseBuckets(db: Db, opts: DatabaseBucketOptions = {}): RateLimitStore {
  const now = opts.now ?? Date.now
  const pruneEvery = opts.pruneEvery ?? 1000
  const nameOf = opts.nameOf ?? sha256Hex
  return {
    async take(key, limit) {
      const at = now()
      const rate = tokensPerMs(limit)
      const bucket = await nameOf(key)
      const refilled = sql`LEAST(${limit.burst}::float8, b.tokens + GREATEST(0, ${at}::float8 - b.at_ms) * ${rate}::float8)`
      const [row] = await queryRows<{ tokens: number | string; admitted: boolean }>(
        db,
        sql`INSERT INTO rate_limit_buckets AS b (bucket, tokens, at_ms, admitted)
            VALUES (${bucket}, ${limit.burst - 1}::float8, ${at}::float8, true)
            ON CONFLICT (bucket) DO UPDATE SET
              tokens = ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
              admitted = ${refilled} >= 1,
              at_ms = GREATEST(b.at_ms, ${at}::float8)
            RETURNING tokens, admitted`,
      )
      // By chance rather than by count: on Workers every request builds a fresh store.
      if (Math.random() * pruneEvery < 1) await db.execute(sql`DELETE FROM rate_limit_buckets WHERE at_ms < ${at - STALE_MS}::float8`)
      const tokens = Number(row.tokens)
      if (row.admitted) return { ok: true, remaining: Math.floor(tokens) }
      return { ok: false, retryAfterSeconds: retryAfterSeconds(tokens, limit) }
    },
  }
}

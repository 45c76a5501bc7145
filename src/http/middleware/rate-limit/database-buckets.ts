/**
 * Token buckets in the database, for every process and instance that shares it: several Node
 * processes (WORKERS), several containers, or Workers isolates, where buckets in memory would each
 * admit the whole limit (on Workers, a fresh app per request would admit everything). One upsert
 * for all of a request's buckets refills each for the time since its last take and takes a token
 * when there is one, atomically under the row's lock, so concurrent takes never share a token.
 */
import { sql } from 'drizzle-orm'
import { sha256Hex } from '../../../auth/secrets.js'
import { queryRows, type Db } from '../../../db/client.js'
import { retryAfterSeconds, tokensPerMs, type RateLimitStore, type TakeResult } from './bucket.js'

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
  const store: RateLimitStore = {
    async takeAll(takes) {
      const at = now()
      const names = await Promise.all(takes.map((t) => nameOf(t.key)))
      if (new Set(names).size !== names.length) throw new Error('takeAll: each bucket may be named once')
      // The buckets travel as one JSON parameter: the statement's text is the same for any number of them,
      // and no driver needs to know array types (the Workers entry does not fetch them).
      const input = names.map((bucket, k) => ({ bucket, burst: takes[k].limit.burst, rate: tokensPerMs(takes[k].limit) }))
      // The stored row refilled for the time since its last take (SET expressions all read the stored row).
      const refilled = sql`LEAST(i.burst, b.tokens + GREATEST(0, i.now - b.at_ms) * i.rate)`
      const rows = await queryRows<{ bucket: string; tokens: number | string; admitted: boolean }>(
        db,
        sql`WITH i AS (
              SELECT r.*, ${at}::float8 AS now FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS r(bucket text, burst float8, rate float8)
            )
            -- Rows are locked in name order, whatever the caller's order, so concurrent takes cannot deadlock.
            INSERT INTO rate_limit_buckets AS b (bucket, tokens, at_ms, admitted)
            SELECT i.bucket, i.burst - 1, i.now, true FROM i ORDER BY i.bucket
            ON CONFLICT (bucket) DO UPDATE SET
              tokens = (SELECT ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END FROM i WHERE i.bucket = b.bucket),
              admitted = (SELECT ${refilled} >= 1 FROM i WHERE i.bucket = b.bucket),
              at_ms = GREATEST(b.at_ms, EXCLUDED.at_ms)
            RETURNING b.bucket, b.tokens, b.admitted`,
      )
      // By chance rather than by count: on Workers every request builds a fresh store.
      if (Math.random() * pruneEvery < 1) await db.execute(sql`DELETE FROM rate_limit_buckets WHERE at_ms < ${at - STALE_MS}::float8`)
      const byName = new Map(rows.map((r) => [r.bucket, r]))
      return takes.map((t, k): TakeResult => {
        const row = byName.get(names[k])!
        const tokens = Number(row.tokens)
        return row.admitted ? { ok: true, remaining: Math.floor(tokens) } : { ok: false, retryAfterSeconds: retryAfterSeconds(tokens, t.limit) }
      })
    },
  }
  return store
}

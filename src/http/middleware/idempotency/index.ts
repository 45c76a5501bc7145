/**
 * `Idempotency-Key` for customer message POSTs. A key names one request of one customer of one
 * tenant; its record (request hash + response) is written inside the turn's transaction, so
 * a retried request finds either the finished turn's response or nothing at all.
 *
 * - same key, same request, turn stored   -> the stored response again (Idempotent-Replayed: true)
 * - same key, different request           -> 422
 * - same key while the first is in flight -> the duplicate runs its turn, its insert waits for the
 *   first transaction and conflicts; its own transaction rolls back and it replays the first's response.
 */
import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import type { Db } from '../../../db/client.js'
import { idempotencyKeys } from '../../../db/schema/index.js'
import { sha256Hex } from '../../../auth/secrets.js'
import { ProblemError } from '../../problem.js'

const KEY = /^[\x21-\x7E]{1,255}$/

export interface IdempotencyScope {
  tenantId: string
  customerId: string
  key: string
}

export interface StoredResponse {
  status: number
  /** The JSON body as sent. */
  body: string
}

/** The key from the header, or null when there is none; 400 when it is malformed. */
export function idempotencyKeyOf(c: Context): string | null {
  const raw = c.req.header('idempotency-key')
  if (raw === undefined) return null
  const key = raw.trim()
  if (!KEY.test(key)) {
    throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'Idempotency-Key must be 1-255 visible ASCII characters.' })
  }
  return key
}

export async function requestHash(method: string, path: string, body: unknown): Promise<string> {
  return sha256Hex(`${method}\n${path}\n${JSON.stringify(body)}`)
}

/** The stored response for this key if the same request made it; 422 if another request did. */
export async function findStoredResponse(db: Db, scope: IdempotencyScope, hash: string): Promise<StoredResponse | null> {
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, scope.tenantId), eq(idempotencyKeys.customerId, scope.customerId), eq(idempotencyKeys.key, scope.key)))
  if (!row) return null
  if (row.requestHash !== hash) {
    throw new ProblemError({
      title: 'Unprocessable Content',
      status: 422,
      detail: 'This Idempotency-Key was already used for a different request; use a new key for a new message.',
    })
  }
  return { status: row.status, body: row.response }
}

/** Records the response; call it with the turn's transaction. A duplicate key fails the transaction. */
export async function storeResponse(tx: Db, scope: IdempotencyScope, hash: string, response: StoredResponse): Promise<void> {
  await tx.insert(idempotencyKeys).values({ ...scope, requestHash: hash, status: response.status, response: response.body })
}

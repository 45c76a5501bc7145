/**
 * Signed webhook delivery: the JSON body is signed with HMAC-SHA256 (X-Parley-Signature:
 * sha256=<hex>), and POSTed with retries and exponential backoff (with jitter) on network
 * errors, timeouts, 429 and 5xx. Other 4xx answers are final: the receiver refused it.
 */
import { hmacSha256Hex } from '../../auth/secrets.js'

export interface WebhookTarget {
  url: string
  secret: string
  retries: number
  backoffMs: number
  timeoutMs: number
}

export interface DeliveryResult {
  ok: boolean
  attempts: number
  status: number | null
  error?: string
}

export interface WebhookIo {
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

export const signatureHeader = 'x-parley-signature'

export async function signBody(secret: string, body: string): Promise<string> {
  return `sha256=${await hmacSha256Hex(secret, body)}`
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500

export async function deliver(target: WebhookTarget, payload: { id: string; type: string }, io: WebhookIo = {}): Promise<DeliveryResult> {
  const doFetch = io.fetch ?? fetch
  const sleep = io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
  const random = io.random ?? Math.random
  const body = JSON.stringify(payload)
  const signature = await signBody(target.secret, body)
  let last: DeliveryResult = { ok: false, attempts: 0, status: null }
  for (let attempt = 1; attempt <= target.retries + 1; attempt++) {
    try {
      const res = await doFetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [signatureHeader]: signature, 'x-parley-delivery': payload.id, 'x-parley-event': payload.type, 'x-parley-attempt': String(attempt) },
        body,
        signal: AbortSignal.timeout(target.timeoutMs),
      })
      await res.body?.cancel().catch(() => {})
      last = { ok: res.ok, attempts: attempt, status: res.status }
      if (res.ok || !retryable(res.status)) return last
    } catch (error) {
      last = { ok: false, attempts: attempt, status: null, error: (error as Error)?.name ?? 'Error' }
    }
    if (attempt <= target.retries) {
      const delay = Math.min(60_000, target.backoffMs * 2 ** (attempt - 1))
      await sleep(delay / 2 + random() * (delay / 2))
    }
  }
  return last
}

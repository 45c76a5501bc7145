export type ProviderErrorKind = 'timeout' | 'rate_limit' | 'server' | 'malformed' | 'auth'

/**
 * Any failure of a remote model call, after LangChain's retries, normalised so the
 * pipeline can fall back on `kind` without knowing the SDK's error classes.
 * Connection failures and unexpected 4xx count as `server` (the provider is unusable).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError'
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(withoutKeys(message), options)
  }
}

/**
 * OpenAI masks the key in its 401 message; proxies and other compatible servers may echo it whole
 * ("Incorrect API key provided: sk-…"), and the message is logged.
 */
const API_KEY = /\b(sk|rk)-[A-Za-z0-9_-]{6,}/g
const withoutKeys = (message: string) => message.replace(API_KEY, '$1-***')

function statusOf(e: object): number | undefined {
  const s = (e as { status?: unknown }).status
  return typeof s === 'number' ? s : undefined
}

/** Maps SDK, LangChain and parsing errors to a ProviderError; `what` names the call for the message. */
export function toProviderError(e: unknown, what: string): ProviderError {
  if (e instanceof ProviderError) return e
  if (typeof e !== 'object' || e === null) return new ProviderError('server', `${what}: ${String(e)}`)
  const err = e as Error
  const name = err.name ?? ''
  const msg = `${what}: ${err.message ?? String(e)}`
  const status = statusOf(e)
  // LangChain rewraps the SDK's APIConnectionTimeoutError as a plain Error named TimeoutError. A call
  // aborted by its caller (APIUserAbortError, or an AbortError) ran out of the caller's time.
  const ctor = err.constructor?.name
  if (name === 'TimeoutError' || ctor === 'APIConnectionTimeoutError' || name === 'AbortError' || ctor === 'APIUserAbortError') {
    return new ProviderError('timeout', msg, status, { cause: e })
  }
  if (status === 401 || status === 403) return new ProviderError('auth', msg, status, { cause: e })
  if (status === 429 || name.startsWith('RateLimit') || name === 'InsufficientQuotaError') {
    return new ProviderError('rate_limit', msg, status ?? 429, { cause: e })
  }
  // Non-JSON bodies (SyntaxError), unparsable/invalid structured output, schema violations.
  if (name === 'SyntaxError' || name === 'OutputParserException' || name === 'ZodError' || name === '$ZodError') {
    return new ProviderError('malformed', msg, status, { cause: e })
  }
  return new ProviderError('server', msg, status, { cause: e })
}

/**
 * Identity verification for customers of a web page (the Intercom / Chatwoot scheme).
 * A site that knows who is logged in renders the widget with `data-user-id` and
 * `data-user-hash` = HMAC-SHA256(tenant identity secret, user id); the widget sends them as
 * `X-User-Id` and `X-User-Hash`. A matching pair makes the customer `user:<id>`, so the same
 * person finds their conversations on any device. A wrong pair is a 401 before any route runs,
 * so nothing is stored.
 *
 * Publishable keys are public (and the embedded demo takes no key), so their `X-Customer-Id` is only a
 * pseudonymous browser id, kept as `visitor:<id>`: apart from the ids a server names with its secret
 * key, or anyone could read a CRM customer's conversations by sending their id from a web page. Ids in
 * the `user:` namespace are refused without a verified hash for the same reason. Secret keys (server
 * to server) are trusted, and may name any customer, visitors included.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../../../deps.js'
import type { Principal } from '../../../auth/principal.js'
import { timingSafeEqual } from '../../../auth/secrets.js'
import { ProblemError } from '../../problem.js'
import { identitySettings, userHash, type IdentitySettings } from '../../../auth/identity.js'

export const VERIFIED_PREFIX = 'user:'
export const VISITOR_PREFIX = 'visitor:'
const USER_ID = /^[\w.:@+-]{1,190}$/
const HASH = /^[0-9a-f]{64}$/i

const refused = (detail: string) =>
  new ProblemError({ type: 'https://parley.dev/problems/identity', title: 'Unauthorized', status: 401, detail })

type Customer = Extract<Principal, { kind: 'customer' }>

/**
 * Returns the principal with a verified customer id, or throws 401/400. Staff pass through.
 * `known` are the tenant's settings when the key lookup brought them; otherwise they are read.
 */
export async function verifyIdentity(c: Context<AppEnv>, principal: Principal | null, known?: IdentitySettings): Promise<Principal | null> {
  if (!principal || principal.kind !== 'customer') return principal
  const userId = c.req.header('x-user-id')?.trim()
  const hash = c.req.header('x-user-hash')?.trim()
  const untrusted = principal.keyKind !== 'secret'
  if (!userId && !hash) {
    if (!untrusted) return principal
    if (principal.customerId.startsWith(VERIFIED_PREFIX)) {
      throw refused(`Customer ids starting with "${VERIFIED_PREFIX}" belong to verified users: send X-User-Id and X-User-Hash instead.`)
    }
    const settings = known ?? (await identitySettings(c.var.deps.db, principal.tenantId))
    if (settings.required) throw refused('This site requires identity verification: send X-User-Id and X-User-Hash.')
    return { ...principal, customerId: `${VISITOR_PREFIX}${principal.customerId}` } satisfies Customer
  }
  if (!userId || !hash) throw refused('Send X-User-Id and X-User-Hash together.')
  if (!USER_ID.test(userId)) {
    throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'X-User-Id must be 1-190 letters, digits or . _ : @ + -' })
  }
  const { secret } = known ?? (await identitySettings(c.var.deps.db, principal.tenantId))
  if (!secret) throw refused('Identity verification is not set up for this tenant (no identity secret).')
  if (!HASH.test(hash) || !timingSafeEqual(hash.toLowerCase(), await userHash(secret, userId))) {
    throw refused('X-User-Hash does not match X-User-Id: it must be HMAC-SHA256(identity secret, user id) in hex.')
  }
  return { ...principal, customerId: `${VERIFIED_PREFIX}${userId}` } satisfies Customer
}

/**
 * Resolves the caller from `Authorization: Bearer <key|token>`:
 * `sk_`/`pk_` API keys act for a customer named by `X-Customer-Id`; `st_` tokens are support staff.
 * Without credentials, only the embedded demo (ALLOW_ANONYMOUS) admits customers, on the default tenant.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../../deps.js'
import { findApiKey, findStaff } from '../../../auth/credentials.js'
import { hasRole, type Principal } from '../../../auth/principal.js'
import type { StaffRole } from '../../../db/schema/access.js'
import { ProblemError } from '../../problem.js'
import { verifyIdentity } from '../identity/index.js'
import type { IdentitySettings } from '../../../auth/identity.js'

const CUSTOMER_ID = /^[\w.:@-]{1,200}$/

const unauthorized = (detail: string) =>
  new ProblemError({ title: 'Unauthorized', status: 401, detail })
const forbidden = (detail: string) => new ProblemError({ title: 'Forbidden', status: 403, detail })

function customerIdFrom(header: string | undefined, fallback: string | null): string {
  const id = header?.trim() || fallback
  if (!id) throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'Send the customer’s id in the X-Customer-Id header.' })
  if (!CUSTOMER_ID.test(id)) throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'X-Customer-Id must be 1-200 letters, digits or . _ : @ -' })
  return id
}

export const authenticate = createMiddleware<AppEnv & { Variables: { principal: Principal | null } }>(async (c, next) => {
  const { db, config } = c.var.deps
  const header = c.req.header('authorization')
  let principal: Principal | null = null
  let identity: IdentitySettings | undefined
  if (header) {
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    if (!token) throw unauthorized('Use "Authorization: Bearer <key>".')
    if (token.startsWith('st_')) {
      const member = await findStaff(db, token)
      if (!member) throw unauthorized('Unknown or revoked staff token.')
      principal = { kind: 'staff', tenantId: member.tenantId, staffId: member.id, name: member.name, role: member.role, skills: member.skills }
    } else {
      const key = await findApiKey(db, token)
      if (!key) throw unauthorized('Unknown or revoked API key.')
      principal = { kind: 'customer', tenantId: key.tenantId, keyId: key.id, keyKind: key.kind, customerId: customerIdFrom(c.req.header('x-customer-id'), null) }
      identity = key.identity
    }
  } else if (config.ALLOW_ANONYMOUS) {
    principal = { kind: 'customer', tenantId: config.DEFAULT_TENANT, keyId: null, keyKind: 'anonymous', customerId: customerIdFrom(c.req.header('x-customer-id'), 'anonymous') }
  }
  // A logged-in customer's X-User-Id/X-User-Hash, checked before any route stores anything.
  principal = await verifyIdentity(c, principal, identity)
  c.set('principal', principal)
  if (principal) c.set('tenantId', principal.tenantId)
  await next()
})

/** The customer API: a customer (through a key, or anonymously in the demo). */
export const requireCustomer = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.var.principal
  if (!p) throw unauthorized('This endpoint needs an API key.')
  if (p.kind !== 'customer') throw forbidden('Staff tokens cannot use the customer API.')
  await next()
})

/** Staff endpoints, by minimum role (admin may do everything). */
export const requireRole = (role: StaffRole) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const p = c.var.principal
    if (!p || p.kind !== 'staff') throw unauthorized(`This endpoint needs a staff token with role ${role}.`)
    if (!hasRole(p.role, role)) throw forbidden(`Role ${p.role} may not do this; it needs ${role}.`)
    await next()
  })

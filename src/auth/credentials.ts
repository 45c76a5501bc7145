/** Creating and resolving credentials: API keys for the customer API, tokens for staff. */
import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { apiKeys, staff, tenants, tenantSettings, type ApiKeyKind, type StaffRole } from '../db/schema/index.js'
import { randomToken, sha256Hex } from './secrets.js'
import { appendAudit, SYSTEM } from '../privacy/audit.js'
import { identityOf } from './identity.js'

/** A tenant id: 1-63 lowercase letters, digits, - or _, starting with a letter or digit (it appears in URLs and logs). */
export const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/
export const TENANT_ID_RULE = 'tenant id: 1-63 lowercase letters, digits, - or _, starting with a letter or digit'

export async function tenantExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, id))
  return Boolean(row)
}

export async function createTenant(db: Db, id: string, name = id): Promise<void> {
  await db.insert(tenants).values({ id, name }).onConflictDoNothing()
}

/** Returns the key in clear: this is the only time it exists outside the caller. */
export async function createApiKey(db: Db, tenantId: string, kind: ApiKeyKind, name: string, key?: string) {
  const secret = key ?? randomToken(kind === 'secret' ? 'sk' : 'pk')
  const id = crypto.randomUUID()
  await db.insert(apiKeys).values({ id, tenantId, kind, name, prefix: secret.slice(0, 10), hash: await sha256Hex(secret) })
  await appendAudit(db, { tenantId, actor: SYSTEM, action: 'api_key.created', object: { type: 'api_key', id }, detail: { kind } })
  return { id, key: secret }
}

export async function createStaff(db: Db, tenantId: string, name: string, role: StaffRole, opts: { skills?: string[]; token?: string } = {}) {
  const token = opts.token ?? randomToken('st')
  const id = crypto.randomUUID()
  await db.insert(staff).values({ id, tenantId, name, role, skills: opts.skills ?? [], tokenHash: await sha256Hex(token) })
  await appendAudit(db, { tenantId, actor: SYSTEM, action: 'staff_token.created', object: { type: 'staff', id }, detail: { role } })
  return { id, token }
}

/**
 * The key, with its tenant's identity-verification settings (./identity.ts), which
 * every customer request with a publishable key needs next: one round trip instead of two.
 */
export async function findApiKey(db: Db, key: string) {
  const [row] = await db
    .select({ id: apiKeys.id, tenantId: apiKeys.tenantId, kind: apiKeys.kind, identitySecret: tenantSettings.identitySecret, identityRequired: tenantSettings.identityRequired })
    .from(apiKeys)
    .leftJoin(tenantSettings, eq(tenantSettings.tenantId, apiKeys.tenantId))
    .where(and(eq(apiKeys.hash, await sha256Hex(key)), isNull(apiKeys.revokedAt)))
  if (!row) return null
  const { identitySecret, identityRequired, ...found } = row
  return { ...found, identity: identityOf({ secret: identitySecret, required: identityRequired }) }
}

export async function findStaff(db: Db, token: string) {
  const [row] = await db
    .select({ id: staff.id, tenantId: staff.tenantId, name: staff.name, role: staff.role, skills: staff.skills })
    .from(staff)
    .where(and(eq(staff.tokenHash, await sha256Hex(token)), isNull(staff.revokedAt)))
  return row ?? null
}

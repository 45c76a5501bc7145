/** The tenant's identity-verification secret: stored in tenant_settings, rotated by an admin. */
import { eq } from 'drizzle-orm'
import type { Db } from '../../../db/client.js'
import { tenantSettings } from '../../../db/schema/index.js'
import { hmacSha256Hex, randomToken } from '../../../auth/secrets.js'

export interface IdentitySettings {
  secret: string | null
  required: boolean
}

/**
 * On PGlite this process is the database's only client (one instance per data directory), so the
 * settings read for a request can be kept until this process replaces a secret; PostgreSQL may be
 * shared by several servers, so there they are read every time. Any replacement forgets them all.
 */
const remembered = new WeakMap<Db, Map<string, { generation: number; settings: IdentitySettings }>>()
let generation = 0

export async function identitySettings(db: Db, tenantId: string, opts: { remember?: boolean } = {}): Promise<IdentitySettings> {
  const known = opts.remember ? remembered.get(db)?.get(tenantId) : undefined
  if (known && known.generation === generation) return known.settings
  const readAt = generation
  const [row] = await db
    .select({ secret: tenantSettings.identitySecret, required: tenantSettings.identityRequired })
    .from(tenantSettings)
    .where(eq(tenantSettings.tenantId, tenantId))
  const settings = { secret: row?.secret ?? null, required: row?.required ?? false }
  if (opts.remember) {
    const tenants = remembered.get(db) ?? new Map()
    tenants.set(tenantId, { generation: readAt, settings })
    remembered.set(db, tenants)
  }
  return settings
}

/** Replaces the secret (every user hash signed with the old one stops working) and returns it. */
export async function rotateIdentitySecret(db: Db, tenantId: string, opts: { secret?: string; required?: boolean } = {}): Promise<IdentitySettings> {
  const secret = opts.secret ?? randomToken('idv', 32)
  const set = { identitySecret: secret, updatedAt: new Date(), ...(opts.required === undefined ? {} : { identityRequired: opts.required }) }
  const [row] = await db
    .insert(tenantSettings)
    .values({ tenantId, ...set })
    .onConflictDoUpdate({ target: tenantSettings.tenantId, set })
    .returning({ secret: tenantSettings.identitySecret, required: tenantSettings.identityRequired })
  generation++
  return { secret: row.secret, required: row.required }
}

/** What the tenant's own server computes for a logged-in user and hands to the widget as data-user-hash. */
export const userHash = (secret: string, userId: string) => hmacSha256Hex(secret, userId)

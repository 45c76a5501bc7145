/** The tenant's identity-verification secret: stored in tenant_settings, rotated by an admin. */
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { tenantSettings } from '../db/schema/index.js'
import { hmacSha256Hex, randomToken } from './secrets.js'

export interface IdentitySettings {
  secret: string | null
  required: boolean
}

/** The settings from a tenant_settings row's columns; a tenant without a row has none. */
export const identityOf = (row: { secret: string | null; required: boolean | null } | undefined): IdentitySettings => ({
  secret: row?.secret ?? null,
  required: row?.required ?? false,
})

export async function identitySettings(db: Db, tenantId: string): Promise<IdentitySettings> {
  const [row] = await db
    .select({ secret: tenantSettings.identitySecret, required: tenantSettings.identityRequired })
    .from(tenantSettings)
    .where(eq(tenantSettings.tenantId, tenantId))
  return identityOf(row)
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
  return { secret: row.secret, required: row.required }
}

/** What the tenant's own server computes for a logged-in user and hands to the widget as data-user-hash. */
export const userHash = (secret: string, userId: string) => hmacSha256Hex(secret, userId)

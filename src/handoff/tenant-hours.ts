/**
 * A tenant's own support hours (tenant_settings), set with `npm run tenants -- hours …`. A tenant
 * without them follows the deployment's SUPPORT_HOURS: one Parley serves companies in other time
 * zones, with other hours.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { tenantSettings } from '../db/schema/index.js'
import { parseSupportHours, type SupportHours } from './hours.js'

export interface TenantHours {
  spec: string
  timeZone: string
}

/** The tenant's hours as stored, or null when it follows the deployment's. */
export async function readTenantHours(db: Db, tenantId: string): Promise<TenantHours | null> {
  const [row] = await db
    .select({ spec: tenantSettings.supportHours, timeZone: tenantSettings.supportTimezone })
    .from(tenantSettings)
    .where(eq(tenantSettings.tenantId, tenantId))
  return row?.spec ? { spec: row.spec, timeZone: row.timeZone ?? 'UTC' } : null
}

/** The hours a handoff of this tenant follows: its own, else the deployment's (null: always staffed). */
export async function supportHoursFor(db: Db, tenantId: string, fallback: SupportHours | null): Promise<SupportHours | null> {
  return hoursOrFallback(await readTenantHours(db, tenantId), fallback)
}

export function hoursOrFallback(own: TenantHours | null, fallback: SupportHours | null): SupportHours | null {
  if (!own) return fallback
  try {
    return parseSupportHours(own.spec, own.timeZone)
  } catch {
    // Checked when set; a row edited by hand must not fail a customer's turn.
    return fallback
  }
}

/** Sets the tenant's hours (checked first: a typo must not reach a customer), or clears them with null. */
export async function setTenantHours(db: Db, tenantId: string, hours: TenantHours | null): Promise<void> {
  if (hours) parseSupportHours(hours.spec, hours.timeZone)
  const set = { supportHours: hours?.spec ?? null, supportTimezone: hours?.timeZone ?? null, updatedAt: new Date() }
  await db.insert(tenantSettings).values({ tenantId, ...set }).onConflictDoUpdate({ target: tenantSettings.tenantId, set })
}

import type { ApiKeyKind, StaffRole } from '../db/schema/access.js'

/** Who is calling, resolved once per request by the auth middleware. */
export type Principal =
  | { kind: 'customer'; tenantId: string; customerId: string; keyId: string | null; keyKind: ApiKeyKind | 'anonymous' }
  | { kind: 'staff'; tenantId: string; staffId: string; name: string; role: StaffRole; skills: string[] }

/** Roles that may do what each role may do, from least to most. */
const ROLE_RANK: Record<StaffRole, number> = { agent: 1, ml: 1, supervisor: 2, admin: 3 }

/** `ml` is a separate branch: it reaches eval and knowledge-base work, not the queue. */
export function hasRole(actual: StaffRole, needed: StaffRole): boolean {
  if (actual === needed || actual === 'admin') return true
  if (needed === 'ml' || actual === 'ml') return false
  return ROLE_RANK[actual] >= ROLE_RANK[needed]
}

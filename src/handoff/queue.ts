/**
 * The queue: claiming with `FOR UPDATE SKIP LOCKED` and a lease, renewing, and the sweep that
 * puts lapsed claims back to `waiting` and flags SLA breaches. All times come from the database
 * clock (`now()`), so several app instances agree on them.
 */
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import type { EventBus } from '../events/bus.js'
import type { Vault } from '../privacy/vault.js'
import { conversations, handoffActivity, handoffs } from '../db/schema/index.js'
import type { HandoffConfig } from './config.js'
import { publishHandoff } from './events.js'
import { conflict, conversationErased, handoffNotFound } from './errors.js'
import type { HandoffRow } from './view.js'

export interface HandoffDeps {
  db: Db
  events: EventBus
  handoff: HandoffConfig
  /** Opens personal data the turn stored sealed (src/privacy), for agents' eyes and the output check. */
  vault?: Vault
}

/** The staff member acting (from the staff principal). */
export interface Actor {
  tenantId: string
  staffId: string
  name: string
  role: string
  skills: string[]
}

export const leaseUntil = (cfg: HandoffConfig) => sql`now() + make_interval(secs => ${cfg.leaseSeconds})`

/** Waiting, or claimed with a lapsed lease: free for anyone (lazy expiry). */
const claimable = or(eq(handoffs.state, 'waiting'), and(eq(handoffs.state, 'claimed'), lt(handoffs.leaseExpiresAt, sql`now()`)))

/** Time-to-claim KPIs: set by whichever first gives the handoff to an agent (a claim or a transfer), then kept. */
export const firstClaim = {
  firstClaimedAt: sql`COALESCE(${handoffs.firstClaimedAt}, now())`,
  timeToClaimMs: sql`COALESCE(${handoffs.timeToClaimMs}, (EXTRACT(EPOCH FROM now() - ${handoffs.createdAt}) * 1000)::int)`,
}

const claimSet = (actor: Actor, cfg: HandoffConfig) => ({
  state: 'claimed' as const,
  claimedBy: actor.staffId,
  claimedAt: sql`now()`,
  leaseExpiresAt: leaseUntil(cfg),
  claimCount: sql`${handoffs.claimCount} + 1`,
  ...firstClaim,
  updatedAt: sql`now()`,
})

async function claimWhere(deps: HandoffDeps, actor: Actor, filter: SQL | undefined): Promise<HandoffRow | null> {
  // The previous holder, if the lease lapsed, so the event can say so.
  const candidate = deps.db
    .select({ id: handoffs.id })
    .from(handoffs)
    .where(and(eq(handoffs.tenantId, actor.tenantId), claimable, filter))
    .orderBy(desc(sql`${handoffs.priority} = 'urgent'`), asc(handoffs.slaDueAt), asc(handoffs.createdAt))
    .limit(1)
    .for('update', { skipLocked: true })
  const [row] = await deps.db.update(handoffs).set(claimSet(actor, deps.handoff)).where(inArray(handoffs.id, candidate)).returning()
  if (!row) return null
  await deps.db.insert(handoffActivity).values({ id: crypto.randomUUID(), tenantId: row.tenantId, handoffId: row.id, kind: 'claimed', staffId: actor.staffId })
  publishHandoff(deps.events, 'handoff.claimed', row, { by: { staff_id: actor.staffId, name: actor.name } })
  return row
}

/** The most urgent, then most overdue, claimable handoff this agent has the skill for; null when none is free. */
export function claimNext(deps: HandoffDeps, actor: Actor): Promise<HandoffRow | null> {
  const skills = actor.skills.length ? or(isNull(handoffs.skill), inArray(handoffs.skill, actor.skills)) : isNull(handoffs.skill)
  return claimWhere(deps, actor, skills)
}

/** Claims one handoff by id; 409 when someone else holds it or it is closed. */
export async function claimHandoff(deps: HandoffDeps, actor: Actor, id: string): Promise<HandoffRow> {
  const row = await claimWhere(deps, actor, eq(handoffs.id, id))
  if (row) return row
  const found = await findHandoff(deps.db, actor, id)
  if (!found) throw handoffNotFound(id)
  if (found.erased) throw conversationErased(id)
  const current = found.row
  if (current.state === 'claimed' && current.claimedBy === actor.staffId) return renewClaim(deps, actor, id)
  throw conflict(current.state === 'claimed' ? 'Another agent holds this handoff.' : closedDetail(current), { state: current.state })
}

/** Extends the caller's own, still valid claim. */
export async function renewClaim(deps: HandoffDeps, actor: Actor, id: string): Promise<HandoffRow> {
  const [row] = await deps.db
    .update(handoffs)
    .set({ leaseExpiresAt: leaseUntil(deps.handoff), updatedAt: sql`now()` })
    .where(and(heldBy(actor, id)))
    .returning()
  if (row) return row
  throw await notHeld(deps.db, actor, id)
}

/** The caller holds a live claim on this handoff. */
export const heldBy = (actor: Actor, id: string) =>
  and(
    eq(handoffs.tenantId, actor.tenantId),
    eq(handoffs.id, id),
    eq(handoffs.state, 'claimed'),
    eq(handoffs.claimedBy, actor.staffId),
    sql`${handoffs.leaseExpiresAt} > now()`,
  )

/**
 * A handoff of the caller's tenant, and whether its conversation is gone: an erasure scrubs the
 * customer link last (src/privacy/erase.ts), and retention may have removed the row.
 */
export async function findHandoff(db: Db, actor: Actor, id: string): Promise<{ row: HandoffRow; erased: boolean } | null> {
  const [found] = await db
    .select({ row: handoffs, customerId: conversations.customerId })
    .from(handoffs)
    .leftJoin(conversations, and(eq(conversations.tenantId, handoffs.tenantId), eq(conversations.id, handoffs.conversationId)))
    .where(and(eq(handoffs.tenantId, actor.tenantId), eq(handoffs.id, id)))
  return found ? { row: found.row, erased: found.customerId === null } : null
}

const isClosed = (row: HandoffRow) => row.state === 'resolved' || row.state === 'returned'

/** A closed handoff cannot be claimed again, so the message does not suggest it. */
const closedDetail = (row: HandoffRow) => `The handoff is ${row.state}.`

/** The error for an action that needs the caller's claim, saying why it is missing. */
export async function notHeld(db: Db, actor: Actor, id: string) {
  const found = await findHandoff(db, actor, id)
  if (!found) return handoffNotFound(id)
  if (found.erased) return conversationErased(id)
  const current = found.row
  if (isClosed(current)) return conflict(closedDetail(current), { state: current.state })
  if (current.state !== 'claimed') return conflict(`The handoff is ${current.state}; claim it first.`, { state: current.state })
  if (current.claimedBy !== actor.staffId) return conflict('Another agent holds this handoff.', { state: current.state })
  return conflict('Your claim expired; claim the handoff again.', { state: current.state })
}

/**
 * Puts lapsed claims back to `waiting` and flags handoffs past their SLA without a human reply,
 * emitting an event for each. Idempotent: each breach and each expiry is reported once.
 */
export async function sweepHandoffs(deps: HandoffDeps, tenantId?: string): Promise<{ expired: number; breached: number }> {
  const tenant = tenantId ? eq(handoffs.tenantId, tenantId) : undefined
  const expired = await deps.db
    .update(handoffs)
    .set({ state: 'waiting', claimedBy: null, claimedAt: null, leaseExpiresAt: null, updatedAt: sql`now()` })
    .where(and(tenant, eq(handoffs.state, 'claimed'), lt(handoffs.leaseExpiresAt, sql`now()`)))
    .returning()
  const breached = await deps.db
    .update(handoffs)
    .set({ slaBreachedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(tenant, inArray(handoffs.state, ['waiting', 'claimed']), isNull(handoffs.firstReplyAt), isNull(handoffs.slaBreachedAt), lt(handoffs.slaDueAt, sql`now()`)))
    .returning()
  const activity = [
    ...expired.map((r) => ({ id: crypto.randomUUID(), tenantId: r.tenantId, handoffId: r.id, kind: 'expired' as const })),
    ...breached.map((r) => ({ id: crypto.randomUUID(), tenantId: r.tenantId, handoffId: r.id, kind: 'sla_breached' as const })),
  ]
  if (activity.length) await deps.db.insert(handoffActivity).values(activity)
  for (const row of expired) publishHandoff(deps.events, 'handoff.expired', row)
  for (const row of breached) publishHandoff(deps.events, 'handoff.sla_breached', row)
  return { expired: expired.length, breached: breached.length }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { handoffs } from '../../src/db/schema/index.js'
import { claimHandoff, claimNext, renewClaim, sweepHandoffs } from '../../src/handoff/queue.js'
import { transferHandoff } from '../../src/handoff/actions.js'
import { listQueue } from '../../src/handoff/read.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'
import { agent, queueDeps, waitingHandoff } from './fixtures.js'

describe.each(DRIVERS)('handoff queue on %s', (driver) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openTestDatabase(driver)
  })
  afterAll(async () => database?.dispose())

  it('20 concurrent claimers take 30 handoffs: none lost, none claimed twice', async () => {
    const tenant = 'race'
    const deps = queueDeps(database.db)
    const ids = new Set<string>()
    for (let i = 0; i < 30; i++) ids.add((await waitingHandoff(database.db, tenant, { priority: i % 5 === 0 ? 'urgent' : 'normal' })).id)
    const claimers = await Promise.all(Array.from({ length: 20 }, (_, i) => agent(database.db, tenant, `agent ${i}`)))
    const taken = new Map<string, string[]>()
    await Promise.all(
      claimers.map(async (a) => {
        const mine: string[] = []
        for (let row = await claimNext(deps, a); row; row = await claimNext(deps, a)) mine.push(row.id)
        taken.set(a.staffId, mine)
      }),
    )
    const all = [...taken.values()].flat()
    expect(all).toHaveLength(30)
    expect(new Set(all)).toEqual(ids)
    const rows = await database.db.select().from(handoffs).where(eq(handoffs.tenantId, tenant))
    for (const row of rows) {
      expect(row.state).toBe('claimed')
      expect(row.claimCount).toBe(1)
      expect(taken.get(row.claimedBy!)).toContain(row.id)
      expect(row.timeToClaimMs).toBeGreaterThanOrEqual(0)
    }
    expect(deps.seen.filter((e) => e.type === 'handoff.claimed')).toHaveLength(30)
    // The work spread over the claimers (they really ran side by side).
    expect([...taken.values()].filter((l) => l.length > 0).length).toBeGreaterThan(1)
  })

  it('after every lease lapses, 20 new claimers race the sweep for the same 30 handoffs: each taken exactly once more', async () => {
    const tenant = 'race'
    const deps = queueDeps(database.db)
    await database.db.update(handoffs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(handoffs.tenantId, tenant))
    const claimers = await Promise.all(Array.from({ length: 20 }, (_, i) => agent(database.db, tenant, `round2 ${i}`)))
    const taken: string[] = []
    await Promise.all([
      ...claimers.map(async (a) => {
        for (let row = await claimNext(deps, a); row; row = await claimNext(deps, a)) taken.push(row.id)
      }),
      sweepHandoffs(deps, tenant),
      sweepHandoffs(deps, tenant),
    ])
    expect(taken).toHaveLength(30)
    expect(new Set(taken).size).toBe(30)
    const rows = await database.db.select().from(handoffs).where(eq(handoffs.tenantId, tenant))
    const round2 = new Set(claimers.map((a) => a.staffId))
    for (const row of rows) {
      expect(row.state).toBe('claimed')
      expect(round2.has(row.claimedBy!)).toBe(true)
      expect(row.claimCount).toBe(2)
    }
  })

  it('exactly one of 20 agents claiming the same handoff wins; the others get 409', async () => {
    const deps = queueDeps(database.db)
    const { id } = await waitingHandoff(database.db, 'one')
    const claimers = await Promise.all(Array.from({ length: 20 }, (_, i) => agent(database.db, 'one', `a${i}`)))
    const results = await Promise.allSettled(claimers.map((a) => claimHandoff(deps, a, id)))
    const won = results.filter((r) => r.status === 'fulfilled')
    expect(won).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason.problem.status).toBe(409)
  })

  it('takes urgent handoffs first, then the earliest deadline', async () => {
    const deps = queueDeps(database.db)
    const normal = await waitingHandoff(database.db, 'prio')
    const urgent = await waitingHandoff(database.db, 'prio', { priority: 'urgent' })
    const a = await agent(database.db, 'prio', 'a')
    expect((await claimNext(deps, a))!.id).toBe(urgent.id)
    expect((await claimNext(deps, a))!.id).toBe(normal.id)
    expect(await claimNext(deps, a)).toBeNull()
  })

  it('a claim that is not renewed lapses: another agent takes it, the first loses the right to act', async () => {
    const deps = queueDeps(database.db)
    const { id } = await waitingHandoff(database.db, 'lease')
    const first = await agent(database.db, 'lease', 'first')
    const second = await agent(database.db, 'lease', 'second')
    await claimHandoff(deps, first, id)
    expect((await renewClaim(deps, first, id)).claimedBy).toBe(first.staffId)
    await expect(claimHandoff(deps, second, id)).rejects.toMatchObject({ problem: { status: 409 } })
    expect(await claimNext(deps, second)).toBeNull()

    // The lease runs out (moved into the past rather than waited for).
    await database.db.update(handoffs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(handoffs.id, id))
    await expect(renewClaim(deps, first, id)).rejects.toMatchObject({ problem: { status: 409, detail: expect.stringMatching(/expired/) } })
    const taken = await claimNext(deps, second)
    expect(taken?.id).toBe(id)
    expect(taken?.claimedBy).toBe(second.staffId)
    expect(taken?.claimCount).toBe(2)
    await expect(renewClaim(deps, first, id)).rejects.toMatchObject({ problem: { status: 409, detail: expect.stringMatching(/Another agent/) } })
  })

  it('the sweep puts lapsed claims back to waiting and flags SLA breaches once, with events', async () => {
    const deps = queueDeps(database.db)
    const lapsed = await waitingHandoff(database.db, 'sweep')
    const late = await waitingHandoff(database.db, 'sweep')
    const fine = await waitingHandoff(database.db, 'sweep')
    const a = await agent(database.db, 'sweep', 'a')
    await claimHandoff(deps, a, lapsed.id)
    await database.db.update(handoffs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(handoffs.id, lapsed.id))
    await database.db.update(handoffs).set({ slaDueAt: sql`now() - interval '1 minute'` }).where(eq(handoffs.id, late.id))

    expect(await sweepHandoffs(deps, 'sweep')).toEqual({ expired: 1, breached: 1 })
    expect(await sweepHandoffs(deps, 'sweep')).toEqual({ expired: 0, breached: 0 })
    expect(deps.seen.map((e) => [e.type, (e.data.handoff as { id: string }).id]).filter(([t]) => t !== 'handoff.claimed')).toEqual([
      ['handoff.expired', lapsed.id],
      ['handoff.sla_breached', late.id],
    ])
    const [row] = await database.db.select().from(handoffs).where(eq(handoffs.id, lapsed.id))
    expect(row.state).toBe('waiting')
    expect(row.claimedBy).toBeNull()

    const breached = await listQueue(database.db, 'sweep', { breached: true })
    expect(breached.map((h) => h.id)).toEqual([late.id])
    const notBreached = await listQueue(database.db, 'sweep', { breached: false })
    expect(notBreached.map((h) => h.id).sort()).toEqual([lapsed.id, fine.id].sort())
  })

  it('a handoff sent back to the queue with a skill goes only to agents with that skill', async () => {
    const deps = queueDeps(database.db)
    const { id } = await waitingHandoff(database.db, 'skills')
    const generalist = await agent(database.db, 'skills', 'generalist')
    const biller = await agent(database.db, 'skills', 'biller', ['billing'])
    await claimHandoff(deps, generalist, id)
    await transferHandoff(deps, generalist, id, { to: 'queue', skill: 'billing' })
    expect(await claimNext(deps, generalist)).toBeNull()
    expect((await listQueue(database.db, 'skills', { skill: 'billing' })).map((h) => h.id)).toEqual([id])
    expect((await claimNext(deps, biller))?.id).toBe(id)
  })

  it('transfers a claim to another agent, who may then renew it; unknown agents are refused', async () => {
    const deps = queueDeps(database.db)
    const { id } = await waitingHandoff(database.db, 'transfer')
    const a = await agent(database.db, 'transfer', 'a')
    const b = await agent(database.db, 'transfer', 'b')
    await claimHandoff(deps, a, id)
    await expect(transferHandoff(deps, a, id, { to: 'agent', staffId: 'nobody' })).rejects.toMatchObject({ problem: { status: 422 } })
    const moved = await transferHandoff(deps, a, id, { to: 'agent', staffId: b.staffId })
    expect(moved.claimedBy).toBe(b.staffId)
    await expect(renewClaim(deps, a, id)).rejects.toMatchObject({ problem: { status: 409 } })
    expect((await renewClaim(deps, b, id)).claimedBy).toBe(b.staffId)
  })
})

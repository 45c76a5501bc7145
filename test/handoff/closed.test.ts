import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { handoffs } from '../../src/db/schema/index.js'
import { claimHandoff, renewClaim } from '../../src/handoff/queue.js'
import { replyToCustomer, resolveHandoff, returnToBot, transferHandoff } from '../../src/handoff/actions.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'
import { agent, queueDeps, waitingHandoff } from './fixtures.js'

describe.each(DRIVERS)('transfers and closed handoffs on %s', (driver) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openTestDatabase(driver)
  })
  afterAll(async () => database?.dispose())

  const row = async (id: string) => (await database.db.select().from(handoffs).where(eq(handoffs.id, id)))[0]

  it('a transfer to an agent counts as the first claim for time-to-claim KPIs', async () => {
    const deps = queueDeps(database.db)
    const { id } = await waitingHandoff(database.db, 'xfer-kpi')
    const lead = await agent(database.db, 'xfer-kpi', 'lead', [], 'supervisor')
    const b = await agent(database.db, 'xfer-kpi', 'b')
    await database.db.update(handoffs).set({ createdAt: sql`now() - interval '2 minutes'` }).where(eq(handoffs.id, id))

    // A supervisor assigns a waiting handoff straight to an agent: nobody ever claimed it.
    const moved = await transferHandoff(deps, lead, id, { to: 'agent', staffId: b.staffId })
    expect(moved.firstClaimedAt).not.toBeNull()
    expect(moved.timeToClaimMs).toBeGreaterThanOrEqual(120_000)
  })

  it('a transfer keeps the first claim time once set', async () => {
    const deps = queueDeps(database.db)
    const { id } = await waitingHandoff(database.db, 'xfer-keep')
    const a = await agent(database.db, 'xfer-keep', 'a')
    const b = await agent(database.db, 'xfer-keep', 'b')
    const claimed = await claimHandoff(deps, a, id)
    await database.db.update(handoffs).set({ createdAt: sql`now() - interval '1 hour'` }).where(eq(handoffs.id, id))

    const moved = await transferHandoff(deps, a, id, { to: 'agent', staffId: b.staffId })
    expect(new Date(moved.firstClaimedAt!).getTime()).toBe(new Date(claimed.firstClaimedAt!).getTime())
    expect(moved.timeToClaimMs).toBe(claimed.timeToClaimMs)
    expect(moved.timeToClaimMs).toBeLessThan(60_000)
  })

  it('actions on a resolved or returned handoff say it is closed, without "claim it first"', async () => {
    // Refused before the compliance check runs.
    const deps = { ...queueDeps(database.db), compliance: {} as never }
    const a = await agent(database.db, 'closed', 'a')
    for (const [how, close] of [['resolved', resolveHandoff], ['returned', returnToBot]] as const) {
      const { id } = await waitingHandoff(database.db, 'closed')
      await claimHandoff(deps, a, id)
      await close(deps, a, id)
      expect((await row(id)).state).toBe(how)
      const attempts = [
        () => replyToCustomer(deps, a, id, 'Still there?'),
        () => resolveHandoff(deps, a, id),
        () => returnToBot(deps, a, id),
        () => renewClaim(deps, a, id),
        () => transferHandoff(deps, a, id, { to: 'queue' }),
        () => claimHandoff(deps, a, id),
      ]
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toMatchObject({ problem: { status: 409, detail: `The handoff is ${how}.`, state: how } })
      }
    }
  })

  it('a waiting handoff still asks to be claimed first', async () => {
    const deps = queueDeps(database.db)
    const { id } = await waitingHandoff(database.db, 'unclaimed')
    const a = await agent(database.db, 'unclaimed', 'a')
    await expect(renewClaim(deps, a, id)).rejects.toMatchObject({ problem: { status: 409, detail: 'The handoff is waiting; claim it first.' } })
  })
})

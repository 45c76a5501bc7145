/**
 * `npm run bench:queue [-- --handoffs 1000 --agents 50]`: the handoff queue under many agents at once.
 * Every agent claims the next waiting handoff until none is left; reports claims per second next to a
 * `SELECT 1` round trip loop on the same database with the same concurrency (the baseline), and
 * checks that no handoff was lost or claimed twice. PGlite always; PostgreSQL when DATABASE_URL is set.
 */
import { sql } from 'drizzle-orm'
import { createStaff, createTenant } from '../auth/credentials.js'
import type { Database } from '../db/client.js'
import { migrate } from '../db/migrate.js'
import { openPglite } from '../db/pglite.js'
import { openPostgres } from '../db/postgres.js'
import { conversations, handoffs } from '../db/schema/index.js'
import { createEventBus } from '../events/bus.js'
import { handoffConfig } from '../handoff/config.js'
import { claimNext, type Actor } from '../handoff/queue.js'

const args = process.argv.slice(2)
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const HANDOFFS = flag('handoffs', 1000)
const AGENTS = flag('agents', 50)
const TENANT = 'bench-queue'

async function seed(database: Database): Promise<Actor[]> {
  await createTenant(database.db, TENANT)
  await database.db.delete(handoffs).where(sql`tenant_id = ${TENANT}`)
  for (let i = 0; i < HANDOFFS; i += 500) {
    const batch = Array.from({ length: Math.min(500, HANDOFFS - i) }, () => ({ id: crypto.randomUUID(), conversationId: crypto.randomUUID() }))
    await database.db.insert(conversations).values(batch.map((b) => ({ id: b.conversationId, tenantId: TENANT, status: 'handoff' as const })))
    await database.db.insert(handoffs).values(
      batch.map((b, j) => ({ id: b.id, tenantId: TENANT, conversationId: b.conversationId, reason: 'customer_requested_human', priority: (i + j) % 10 === 0 ? ('urgent' as const) : ('normal' as const) })),
    )
  }
  return Promise.all(
    Array.from({ length: AGENTS }, async (_, i) => {
      const { id } = await createStaff(database.db, TENANT, `bench agent ${i}`, 'agent')
      return { tenantId: TENANT, staffId: id, name: `bench agent ${i}`, role: 'agent' as const, skills: [] }
    }),
  )
}

async function measure(name: string, database: Database) {
  const agents = await seed(database)
  const deps = { db: database.db, events: createEventBus(), handoff: handoffConfig({ HANDOFF_LEASE_SECONDS: 600 }) }
  const claimedBy = new Map<string, string[]>()
  const started = performance.now()
  await Promise.all(
    agents.map(async (a) => {
      for (let row = await claimNext(deps, a); row; row = await claimNext(deps, a)) claimedBy.set(row.id, [...(claimedBy.get(row.id) ?? []), a.staffId])
    }),
  )
  const claimSeconds = (performance.now() - started) / 1000
  const doubles = [...claimedBy.values()].filter((by) => by.length > 1).length
  const lost = HANDOFFS - claimedBy.size

  // Baseline: the same number of round trips, same concurrency, doing nothing.
  let left = HANDOFFS
  const t0 = performance.now()
  await Promise.all(agents.map(async () => { while (left-- > 0) await database.db.execute(sql`SELECT 1`) }))
  const baselineSeconds = (performance.now() - t0) / 1000

  const claimsPerSecond = HANDOFFS / claimSeconds
  const baselinePerSecond = HANDOFFS / baselineSeconds
  console.log(
    `${name.padEnd(10)} ${AGENTS} agents, ${HANDOFFS} handoffs: ${claimsPerSecond.toFixed(0)} claims/s; SELECT 1 baseline ${baselinePerSecond.toFixed(0)}/s; ratio ${(claimsPerSecond / baselinePerSecond).toFixed(3)}; double claims ${doubles}; lost ${lost}`,
  )
  if (doubles || lost) process.exitCode = 1
}

const pglite = await openPglite()
await migrate(pglite)
await measure('PGlite', pglite)
await pglite.close()
if (process.env.DATABASE_URL) {
  const pg = openPostgres({ url: process.env.DATABASE_URL, poolMax: 20, statementTimeoutMs: 30_000, efSearch: 40 })
  await migrate(pg)
  await measure('PostgreSQL', pg)
  await pg.close()
}

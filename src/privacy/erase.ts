/**
 * Erasure: every row the registry ties to a customer is deleted, or kept with its personal columns
 * scrubbed when KPIs need it. Safe to run again (an interrupted run is finished by the next one):
 * the conversations themselves, which tie everything else to the customer, are scrubbed last.
 * The customer's open handoffs are closed first, and agents may add nothing once the customer
 * link is gone (src/handoff/queue.ts, findHandoff).
 */
import { and, eq, exists, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { conversations, handoffActivity, handoffs } from '../db/schema/index.js'
import type { EventBus } from '../events/bus.js'
import { publishHandoff } from '../handoff/events.js'
import { deleteInBatches, scrubInBatches } from './batch.js'
import { customerTables, tableName, tenantColumn, type CustomerDataTable } from './registry.js'

export interface EraseDeps {
  db: Db
  batchSize: number
  /** Tells agents' queues about the handoffs erasure closed. */
  events?: EventBus
}

export type EraseCounts = Record<string, { deleted: number; scrubbed: number }>

const CHUNK = 200

function chunked<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

async function apply(deps: EraseDeps, entry: CustomerDataTable, where: SQL, counts: EraseCounts) {
  const name = tableName(entry.table)
  const c = (counts[name] ??= { deleted: 0, scrubbed: 0 })
  if (entry.erase.action === 'delete') c.deleted += await deleteInBatches(deps.db, entry.table, where, deps.batchSize)
  else if (entry.erase.action === 'scrub') c.scrubbed += await scrubInBatches(deps.db, entry, where, deps.batchSize)
}

/** Erases what every conversation- and handoff-linked table holds for these conversations. */
export async function eraseConversations(deps: EraseDeps, tenantId: string, conversationIds: string[], counts: EraseCounts = {}): Promise<EraseCounts> {
  const entries = customerTables().filter((e) => e.link.by !== 'customer')
  for (const ids of chunked(conversationIds)) {
    const handoffIds = (await deps.db.select({ id: handoffs.id }).from(handoffs).where(and(eq(handoffs.tenantId, tenantId), inArray(handoffs.conversationId, ids)))).map((h) => h.id)
    for (const entry of entries) {
      const tenant = eq(tenantColumn(entry.table), tenantId)
      if (entry.link.by === 'conversation') await apply(deps, entry, and(tenant, inArray(entry.link.column, ids))!, counts)
      else for (const hids of chunked(handoffIds)) await apply(deps, entry, and(tenant, inArray(entry.link.column, hids))!, counts)
    }
  }
  return counts
}

/**
 * Takes the open handoffs of these conversations out of the queue, as `returned` (not a person's
 * resolution, and no rating will come), and closes the conversations. Conversation first, then
 * handoff, like an agent reply: a reply that loses the race finds the handoff closed and stores nothing.
 */
async function closeOpenHandoffs(db: Db, tenantId: string, conversationIds: string[]): Promise<string[]> {
  const closed: string[] = []
  for (const ids of chunked(conversationIds)) {
    const open = and(eq(handoffs.tenantId, tenantId), inArray(handoffs.conversationId, ids), inArray(handoffs.state, ['waiting', 'claimed']))
    const rows = await db.transaction(async (tx: Tx) => {
      await tx
        .update(conversations)
        .set({ status: 'closed', updatedAt: sql`now()` })
        .where(and(eq(conversations.tenantId, tenantId), inArray(conversations.id, ids), exists(tx.select({ id: handoffs.id }).from(handoffs).where(and(open, eq(handoffs.conversationId, conversations.id))))))
      const returned = await tx.update(handoffs).set({ state: 'returned', returnedAt: sql`now()`, leaseExpiresAt: null, updatedAt: sql`now()` }).where(open).returning({ id: handoffs.id })
      if (returned.length) {
        await tx.insert(handoffActivity).values(returned.map((h) => ({ id: crypto.randomUUID(), tenantId, handoffId: h.id, kind: 'returned' as const, data: { reason: 'customer_erased' } })))
      }
      return returned
    })
    closed.push(...rows.map((h) => h.id))
  }
  return closed
}

/** The queue event other closings publish, sent once the rows are scrubbed so it carries no summary or last message. */
async function announceClosed(deps: EraseDeps, tenantId: string, handoffIds: string[]) {
  if (!deps.events) return
  for (const ids of chunked(handoffIds)) {
    const rows = await deps.db.select().from(handoffs).where(and(eq(handoffs.tenantId, tenantId), inArray(handoffs.id, ids)))
    for (const row of rows) publishHandoff(deps.events, 'handoff.returned', row, { reason: 'customer_erased' })
  }
}

export interface ErasureResult {
  conversations: number
  tables: EraseCounts
}

/** Erases one customer everywhere. Running it again finds nothing and changes nothing. */
export async function eraseCustomer(deps: EraseDeps, tenantId: string, customerId: string): Promise<ErasureResult> {
  const ids = (await deps.db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.tenantId, tenantId), eq(conversations.customerId, customerId)))).map((r) => r.id)
  const closed = await closeOpenHandoffs(deps.db, tenantId, ids)
  const counts = await eraseConversations(deps, tenantId, ids)
  for (const entry of customerTables().filter((e) => e.link.by === 'customer')) {
    await apply(deps, entry, and(eq(tenantColumn(entry.table), tenantId), eq(entry.link.column, customerId))!, counts)
  }
  // The customer link is gone, so agents are refused from here on; this pass takes what a note,
  // reply or customer message racing the first one stored.
  closed.push(...(await closeOpenHandoffs(deps.db, tenantId, ids)))
  await eraseConversations(deps, tenantId, ids, counts)
  await announceClosed(deps, tenantId, closed)
  return { conversations: ids.length, tables: counts }
}

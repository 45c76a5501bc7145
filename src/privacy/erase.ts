/**
 * Erasure: every row the registry ties to a customer is deleted, or kept with its personal columns
 * scrubbed when KPIs need it. Safe to run again (an interrupted run is finished by the next one):
 * the conversations themselves, which tie everything else to the customer, are scrubbed last.
 */
import { and, eq, inArray, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { conversations, handoffs } from '../db/schema/index.js'
import { deleteInBatches, scrubInBatches } from './batch.js'
import { customerTables, tableName, tenantColumn, type CustomerDataTable } from './registry.js'

export interface EraseDeps {
  db: Db
  batchSize: number
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

export interface ErasureResult {
  conversations: number
  tables: EraseCounts
}

/** Erases one customer everywhere. Running it again finds nothing and changes nothing. */
export async function eraseCustomer(deps: EraseDeps, tenantId: string, customerId: string): Promise<ErasureResult> {
  const ids = (await deps.db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.tenantId, tenantId), eq(conversations.customerId, customerId)))).map((r) => r.id)
  const counts = await eraseConversations(deps, tenantId, ids)
  for (const entry of customerTables().filter((e) => e.link.by === 'customer')) {
    await apply(deps, entry, and(eq(tenantColumn(entry.table), tenantId), eq(entry.link.column, customerId))!, counts)
  }
  return { conversations: ids.length, tables: counts }
}

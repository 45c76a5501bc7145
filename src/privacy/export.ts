/**
 * Export: everything the registry ties to one customer, as one JSON document written incrementally
 * (conversation by conversation), with sealed values decrypted. Rows keep their column names.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import { conversations, handoffs } from '../db/schema/index.js'
import { customerTables, tableName, tenantColumn, type CustomerDataTable } from './registry.js'
import type { Vault } from './vault.js'

export interface ExportDeps {
  db: Db
  vault: Vault
  pageSize?: number
}

async function rowsOf(deps: ExportDeps, entry: CustomerDataTable, where: SQL): Promise<unknown[]> {
  const order = entry.orderBy ? sql` ORDER BY ${entry.orderBy}` : sql``
  const rows = await queryRows<{ row: unknown }>(deps.db, sql`SELECT to_jsonb(${entry.table}) AS row FROM ${entry.table} WHERE ${where}${order}`)
  return deps.vault.openDeep(rows.map((r) => (typeof r.row === 'string' ? JSON.parse(r.row) : r.row)))
}

/** Whether anything at all is held about the customer. */
export async function holdsCustomer(db: Db, tenantId: string, customerId: string): Promise<boolean> {
  for (const entry of customerTables().filter((e) => e.link.by === 'customer')) {
    const [row] = await queryRows(db, sql`SELECT 1 FROM ${entry.table} WHERE ${tenantColumn(entry.table)} = ${tenantId} AND ${entry.link.column} = ${customerId} LIMIT 1`)
    if (row) return true
  }
  return false
}

async function conversationDocument(deps: ExportDeps, tenantId: string, conversation: unknown, id: string): Promise<Record<string, unknown>> {
  const doc: Record<string, unknown> = { conversation }
  const handoffIds = (await deps.db.select({ id: handoffs.id }).from(handoffs).where(and(eq(handoffs.tenantId, tenantId), eq(handoffs.conversationId, id)))).map((h) => h.id)
  for (const entry of customerTables().filter((e) => e.link.by !== 'customer')) {
    const tenant = eq(tenantColumn(entry.table), tenantId)
    if (entry.link.by === 'conversation') doc[tableName(entry.table)] = await rowsOf(deps, entry, and(tenant, eq(entry.link.column, id))!)
    else doc[tableName(entry.table)] = handoffIds.length ? await rowsOf(deps, entry, and(tenant, inArray(entry.link.column, handoffIds))!) : []
  }
  return doc
}

/** The export as a stream of JSON text. */
export function exportCustomer(deps: ExportDeps, tenantId: string, customerId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const pageSize = deps.pageSize ?? 50
  const anchor = customerTables().find((e) => e.table === conversations)!
  async function* parts(): AsyncGenerator<string> {
    yield `{"format":"parley.customer-export.v1","tenant_id":${JSON.stringify(tenantId)},"customer_id":${JSON.stringify(customerId)},"exported_at":${JSON.stringify(new Date().toISOString())},"conversations":[`
    let cursor: { createdAt: string; id: string } | null = null
    let first = true
    for (;;) {
      const page: Array<{ id: string; createdAt: string; row: unknown }> = await queryRows(
        deps.db,
        sql`SELECT id, created_at::text AS "createdAt", to_jsonb(conversations) AS row FROM conversations
            WHERE tenant_id = ${tenantId} AND customer_id = ${customerId}
            ${cursor ? sql`AND (created_at, id) > (${cursor.createdAt}::timestamptz, ${cursor.id})` : sql``}
            ORDER BY created_at, id LIMIT ${pageSize}`,
      )
      for (const c of page) {
        const conversation = await deps.vault.openDeep(typeof c.row === 'string' ? JSON.parse(c.row) : c.row)
        yield (first ? '' : ',') + JSON.stringify(await conversationDocument(deps, tenantId, conversation, c.id))
        first = false
      }
      if (page.length < pageSize) break
      cursor = { createdAt: page[page.length - 1].createdAt, id: page[page.length - 1].id }
    }
    yield '],"other":{'
    const others = customerTables().filter((e) => e.link.by === 'customer' && e !== anchor)
    for (const [i, entry] of others.entries()) {
      const rows = await rowsOf(deps, entry, and(eq(tenantColumn(entry.table), tenantId), eq(entry.link.column, customerId))!)
      yield `${i ? ',' : ''}${JSON.stringify(tableName(entry.table))}:${JSON.stringify(rows)}`
    }
    yield '}}'
  }
  const it = parts()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await it.next()
        if (done) controller.close()
        else controller.enqueue(encoder.encode(value))
      } catch (error) {
        controller.error(error)
      }
    },
    async cancel() {
      await it.return(undefined)
    },
  })
}

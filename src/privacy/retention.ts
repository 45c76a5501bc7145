/**
 * Retention: rows older than their tenant's window go, in bounded batches, each one transaction;
 * turns, handoffs and ratings are added to kpi_daily in the statement that deletes them.
 * Conversations started with `retain: false` lose their transcript once closed or idle.
 * A dry run counts what would go and changes nothing.
 */
import { and, eq, lt, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import { conversationPrivacy, tenants } from '../db/schema/index.js'
import { countRows, deleteInBatches, rollupAndDeleteInBatches } from './batch.js'
import { retentionFor, type RetentionPolicy } from './config.js'
import { eraseConversations } from './erase.js'
import { customerTables, tableName, tenantColumn, type CustomerDataTable } from './registry.js'

export interface PurgeDeps {
  db: Db
  config: Parameters<typeof retentionFor>[0] & { DEFAULT_TENANT: string; PRIVACY_EPHEMERAL_MINUTES: number; PRIVACY_BATCH_SIZE: number }
}

export interface PurgeOptions {
  now?: Date
  dryRun?: boolean
  tenantIds?: string[]
}

export interface TenantPurge {
  tenantId: string
  policy: RetentionPolicy
  /** Rows removed (or, in a dry run, that would be) per table. */
  tables: Record<string, number>
  /** `retain: false` conversations whose transcript was erased. */
  ephemeral: number
}

export interface PurgeReport {
  dryRun: boolean
  now: string
  tenants: TenantPurge[]
}

const DAY_MS = 24 * 60 * 60 * 1000
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`

function windowDays(policy: RetentionPolicy, cls: 'transcripts' | 'handoffs') {
  return cls === 'transcripts' ? policy.transcriptDays : policy.handoffDays
}

async function ephemeralDue(db: Db, tenantId: string, idleBefore: Date, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT p.conversation_id AS id FROM conversation_privacy p JOIN conversations c ON c.id = p.conversation_id
        WHERE p.tenant_id = ${tenantId} AND p.retain = false
          AND (c.status = 'closed' OR c.updated_at < ${at(idleBefore)})
          AND (p.erased_at IS NULL OR c.updated_at > p.erased_at)
        ORDER BY c.updated_at LIMIT ${limit}`,
  )
  return rows.map((r) => r.id)
}

async function purgeEphemeral(deps: PurgeDeps, tenantId: string, now: Date, dryRun: boolean): Promise<number> {
  const idleBefore = new Date(now.getTime() - deps.config.PRIVACY_EPHEMERAL_MINUTES * 60_000)
  const limit = deps.config.PRIVACY_BATCH_SIZE
  if (dryRun) return (await ephemeralDue(deps.db, tenantId, idleBefore, 1_000_000)).length
  let total = 0
  for (;;) {
    const ids = await ephemeralDue(deps.db, tenantId, idleBefore, limit)
    for (const id of ids) {
      await eraseConversations({ db: deps.db, batchSize: limit }, tenantId, [id])
      await deps.db.update(conversationPrivacy).set({ erasedAt: sql`now()` }).where(eq(conversationPrivacy.conversationId, id))
    }
    total += ids.length
    if (ids.length < limit) return total
  }
}

function retentionWhere(entry: CustomerDataTable, tenantId: string, policy: RetentionPolicy, now: Date): SQL | null {
  const r = entry.retention
  if (!r) return null
  const tenant = eq(tenantColumn(entry.table), tenantId)
  if ('orphanOf' in r) {
    return and(tenant, sql`NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = ${entry.link.column})`)!
  }
  return and(tenant, lt(r.column, at(new Date(now.getTime() - windowDays(policy, r.class) * DAY_MS)) as never))!
}

export async function purgeTenant(deps: PurgeDeps, tenantId: string, opts: PurgeOptions = {}): Promise<TenantPurge> {
  const now = opts.now ?? new Date()
  const dryRun = opts.dryRun ?? false
  const policy = retentionFor(deps.config, tenantId)
  const report: TenantPurge = { tenantId, policy, tables: {}, ephemeral: await purgeEphemeral(deps, tenantId, now, dryRun) }
  // Registry order: dependants first, conversations last, orphans after them.
  const entries = customerTables().filter((e) => e.retention)
  const ordered = [...entries.filter((e) => !('orphanOf' in e.retention!)), ...entries.filter((e) => 'orphanOf' in e.retention!)]
  for (const entry of ordered) {
    const where = retentionWhere(entry, tenantId, policy, now)!
    const r = entry.retention!
    const limit = deps.config.PRIVACY_BATCH_SIZE
    report.tables[tableName(entry.table)] = dryRun
      ? await countRows(deps.db, entry.table, where)
      : 'rollup' in r && r.rollup
        ? await rollupAndDeleteInBatches(deps.db, entry.table, tenantId, where, r.rollup, limit)
        : await deleteInBatches(deps.db, entry.table, where, limit)
  }
  return report
}

/** Purges every tenant (or the given ones). */
export async function purge(deps: PurgeDeps, opts: PurgeOptions = {}): Promise<PurgeReport> {
  const now = opts.now ?? new Date()
  const ids = opts.tenantIds ?? [...new Set([deps.config.DEFAULT_TENANT, ...(await deps.db.select({ id: tenants.id }).from(tenants)).map((t) => t.id)])]
  const report: PurgeReport = { dryRun: opts.dryRun ?? false, now: now.toISOString(), tenants: [] }
  for (const tenantId of ids) report.tenants.push(await purgeTenant(deps, tenantId, { ...opts, now }))
  return report
}

/**
 * The access audit: append a record (hash-chained per tenant), read records back, verify chains.
 * There is deliberately no update or delete here; the table's trigger refuses both anyway.
 */
import { and, asc, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { auditLog, type AuditActorKind } from '../db/schema/index.js'
import { sha256Hex } from '../auth/secrets.js'

export const GENESIS = '0'.repeat(64)

export interface AuditActor {
  kind: AuditActorKind
  id?: string | null
  role?: string | null
}

export const SYSTEM: AuditActor = { kind: 'system', id: 'parley', role: null }

export interface AuditEntry {
  tenantId: string
  actor: AuditActor
  action: string
  object: { type: string; id?: string | null }
  requestId?: string | null
  detail?: Record<string, unknown>
}

export type AuditRow = typeof auditLog.$inferSelect

/** JSON with object keys sorted, so a jsonb round trip hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** SHA-256 over the previous hash and every field of the record. */
export function auditHash(row: Omit<AuditRow, 'hash'>): Promise<string> {
  const at = row.at instanceof Date ? row.at.toISOString() : new Date(row.at).toISOString()
  return sha256Hex(
    canonicalJson([row.prevHash, row.id, row.tenantId, Number(row.seq), at, row.actorKind, row.actorId, row.role, row.action, row.objectType, row.objectId, row.requestId, row.detail]),
  )
}

/** Appends one record at the end of the tenant's chain (serialized by a transaction-scoped advisory lock). */
export async function appendAudit(db: Db | Tx, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`parley.audit:${entry.tenantId}`}))`)
    const [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(eq(auditLog.tenantId, entry.tenantId))
      .orderBy(desc(auditLog.seq))
      .limit(1)
    const row: Omit<AuditRow, 'hash'> = {
      id: crypto.randomUUID(),
      tenantId: entry.tenantId,
      seq: Number(last?.seq ?? 0) + 1,
      at: new Date(),
      actorKind: entry.actor.kind,
      actorId: entry.actor.id ?? null,
      role: entry.actor.role ?? null,
      action: entry.action,
      objectType: entry.object.type,
      objectId: entry.object.id ?? null,
      requestId: entry.requestId ?? null,
      detail: JSON.parse(JSON.stringify(entry.detail ?? {})),
      prevHash: last?.hash ?? GENESIS,
    }
    const hash = await auditHash(row)
    await tx.insert(auditLog).values({ ...row, hash })
    return { seq: row.seq, hash }
  })
}

export interface AuditFilter {
  action?: string
  actorId?: string
  objectType?: string
  objectId?: string
  from?: Date
  to?: Date
  afterSeq?: number
  limit?: number
}

export async function listAudit(db: Db, tenantId: string, f: AuditFilter = {}): Promise<AuditRow[]> {
  const where: Array<SQL | undefined> = [
    eq(auditLog.tenantId, tenantId),
    f.action ? (f.action.endsWith('*') ? sql`${auditLog.action} LIKE ${`${f.action.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%`}` : eq(auditLog.action, f.action)) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.objectType ? eq(auditLog.objectType, f.objectType) : undefined,
    f.objectId ? eq(auditLog.objectId, f.objectId) : undefined,
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lte(auditLog.at, f.to) : undefined,
    f.afterSeq !== undefined ? gt(auditLog.seq, f.afterSeq) : undefined,
  ]
  return db.select().from(auditLog).where(and(...where)).orderBy(asc(auditLog.seq)).limit(f.limit ?? 100)
}

export interface AuditProblem {
  tenantId: string
  seq: number
  problem: string
}

export interface AuditVerification {
  ok: boolean
  rows: number
  /** The last record of each chain: keep these elsewhere to notice removal of the newest records too. */
  heads: Record<string, { seq: number; hash: string }>
  problems: AuditProblem[]
}

/** Walks every tenant's chain in order: sequence without gaps, each prev_hash the hash before it, each hash recomputed. */
export async function verifyAudit(db: Db, opts: { pageSize?: number } = {}): Promise<AuditVerification> {
  const pageSize = opts.pageSize ?? 1000
  const heads: AuditVerification['heads'] = {}
  const problems: AuditProblem[] = []
  let rows = 0
  let cursor: { tenantId: string; seq: number } | null = null
  for (;;) {
    const page: AuditRow[] = await db
      .select()
      .from(auditLog)
      .where(cursor ? sql`(${auditLog.tenantId}, ${auditLog.seq}) > (${cursor.tenantId}, ${cursor.seq})` : undefined)
      .orderBy(asc(auditLog.tenantId), asc(auditLog.seq))
      .limit(pageSize)
    for (const row of page) {
      rows++
      const seq = Number(row.seq)
      const head = heads[row.tenantId] ?? { seq: 0, hash: GENESIS }
      if (seq !== head.seq + 1) problems.push({ tenantId: row.tenantId, seq, problem: `expected record ${head.seq + 1} next, found ${seq}: ${seq - head.seq - 1} record(s) missing` })
      if (row.prevHash !== head.hash) problems.push({ tenantId: row.tenantId, seq, problem: 'prev_hash does not match the hash of the record before it' })
      const { hash, ...rest } = row
      if ((await auditHash(rest)) !== hash) problems.push({ tenantId: row.tenantId, seq, problem: 'content does not match its hash: the record was altered' })
      heads[row.tenantId] = { seq, hash }
    }
    if (page.length < pageSize) break
    const lastRow: AuditRow = page[page.length - 1]
    cursor = { tenantId: lastRow.tenantId, seq: Number(lastRow.seq) }
  }
  return { ok: problems.length === 0, rows, heads, problems }
}

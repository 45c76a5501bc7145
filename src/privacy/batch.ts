/** Bounded batches: each statement touches at most `limit` rows and runs in its own transaction. */
import { and, or, sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { queryRows, type Db } from '../db/client.js'
import type { CustomerDataTable } from './registry.js'

const count = async (db: Db, query: SQL) => {
  const [row] = await db.transaction((tx) => queryRows<{ n: number }>(tx, query))
  return Number(row?.n ?? 0)
}

const pick = (table: PgTable, where: SQL, limit: number) => sql`ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${limit}))`

/** Deletes matching rows batch by batch; returns how many went. */
export async function deleteInBatches(db: Db, table: PgTable, where: SQL, limit: number): Promise<number> {
  let total = 0
  for (;;) {
    const n = await count(db, sql`WITH d AS (DELETE FROM ${table} WHERE ${pick(table, where, limit)} RETURNING 1) SELECT count(*)::int AS n FROM d`)
    total += n
    if (n < limit) return total
  }
}

/** Applies the entry's scrub to matching rows not yet scrubbed, batch by batch; returns how many changed. */
export async function scrubInBatches(db: Db, entry: CustomerDataTable, where: SQL, limit: number): Promise<number> {
  if (entry.erase.action !== 'scrub') return 0
  const set = entry.erase.set
  const assignments = sql.join(set.map(([col, expr]) => sql`${sql.identifier(col.name)} = ${expr}`), sql`, `)
  const pending = or(...set.map(([col, expr]) => sql`${sql.identifier(col.name)} IS DISTINCT FROM ${expr}`))!
  let total = 0
  for (;;) {
    const n = await count(db, sql`WITH u AS (UPDATE ${entry.table} SET ${assignments} WHERE ${pick(entry.table, and(where, pending)!, limit)} RETURNING 1) SELECT count(*)::int AS n FROM u`)
    total += n
    if (n < limit) return total
  }
}

/** Deletes old rows while adding them to kpi_daily in the same statement, batch by batch. */
export async function rollupAndDeleteInBatches(db: Db, table: PgTable, tenantId: string, where: SQL, rollup: (source: SQL) => SQL, limit: number): Promise<number> {
  let total = 0
  for (;;) {
    const n = await count(
      db,
      sql`WITH doomed AS (DELETE FROM ${table} WHERE ${pick(table, where, limit)} RETURNING *),
        rolled AS (
          INSERT INTO kpi_daily (tenant_id, day, metric, key, n, total)
          SELECT ${tenantId}, r.day, r.metric, r.key, sum(r.n), sum(r.total) FROM (${rollup(sql`doomed`)}) AS r GROUP BY r.day, r.metric, r.key
          ON CONFLICT (tenant_id, day, metric, key) DO UPDATE SET n = kpi_daily.n + excluded.n, total = kpi_daily.total + excluded.total
          RETURNING 1)
      SELECT count(*)::int AS n FROM doomed`,
    )
    total += n
    if (n < limit) return total
  }
}

export async function countRows(db: Db, table: PgTable, where: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)
  return Number(row?.n ?? 0)
}

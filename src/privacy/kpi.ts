/** KPI totals that survive retention: kpi_daily (what purges rolled up) plus the rows still held. */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import { customerTables, tenantColumn } from './registry.js'

export type KpiTotals = Record<string, { n: number; total: number }>

/** Totals per `metric|key` over all time for a tenant. */
export async function kpiTotals(db: Db, tenantId: string): Promise<KpiTotals> {
  const out: KpiTotals = {}
  const add = (metric: string, key: string, n: number, total: number) => {
    const k = `${metric}|${key}`
    const cur = (out[k] ??= { n: 0, total: 0 })
    cur.n += Number(n)
    cur.total += Number(total)
  }
  for (const r of await queryRows<{ metric: string; key: string; n: number; total: number }>(db, sql`SELECT metric, key, sum(n)::float8 AS n, sum(total)::float8 AS total FROM kpi_daily WHERE tenant_id = ${tenantId} GROUP BY 1, 2`)) {
    add(r.metric, r.key, r.n, r.total)
  }
  for (const entry of customerTables()) {
    const r = entry.retention
    if (!r || !('rollup' in r) || !r.rollup) continue
    const live = sql`(SELECT * FROM ${entry.table} WHERE ${tenantColumn(entry.table)} = ${tenantId}) AS live`
    for (const row of await queryRows<{ metric: string; key: string; n: number; total: number }>(db, sql`SELECT metric, key, sum(n)::float8 AS n, sum(total)::float8 AS total FROM (${r.rollup(live)}) AS x GROUP BY 1, 2`)) {
      add(row.metric, row.key, row.n, row.total)
    }
  }
  return out
}

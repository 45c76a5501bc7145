/**
 * Key rotation: every sealed value not under the active key is decrypted and sealed again under it,
 * in bounded batches (one transaction each), across every personal column in the registry.
 * Afterwards the old key can leave PRIVACY_KEYS.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import { customerTables, tableName } from './registry.js'
import { mapStrings, type Vault } from './vault.js'

export interface RotateDeps {
  db: Db
  vault: Vault
  batchSize: number
}

/** Re-seals every value under the active key; returns rows changed per `table.column`. */
export async function rotateKeys(deps: RotateDeps): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  const stale = `⟦enc:(?!${deps.vault.activeKeyId}:)`
  for (const entry of customerTables()) {
    for (const col of entry.personal) {
      const isJson = col.getSQLType().startsWith('json')
      const name = `${tableName(entry.table)}.${col.name}`
      counts[name] = 0
      for (;;) {
        const changed = await deps.db.transaction(async (tx) => {
          const rows = await queryRows<{ ctid: string; value: unknown }>(
            tx,
            sql`SELECT ctid::text AS ctid, ${sql.identifier(col.name)} AS value FROM ${entry.table} WHERE ${sql.identifier(col.name)}::text ~ ${stale} LIMIT ${deps.batchSize} FOR UPDATE`,
          )
          for (const row of rows) {
            const value = isJson && typeof row.value === 'string' ? JSON.parse(row.value) : row.value
            const next = await mapStrings(value, (s) => deps.vault.reseal(s))
            const param = isJson ? sql`${JSON.stringify(next)}::jsonb` : sql`${next as string}`
            await tx.execute(sql`UPDATE ${entry.table} SET ${sql.identifier(col.name)} = ${param} WHERE ctid = ${row.ctid}::tid`)
          }
          return rows.length
        })
        counts[name] += changed
        if (changed < deps.batchSize) break
      }
    }
  }
  return counts
}

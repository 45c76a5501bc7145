import { getTableColumns, getTableName, is, SQL, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'

/**
 * `INSERT INTO table (columns) SELECT values FROM ...` from a row as drizzle's insert takes it,
 * for data-modifying CTEs that drizzle's builder cannot express. Each value is encoded by its
 * column (jsonb, timestamps) and cast to the column's type; SQL values are spliced in as they are.
 */
export function insertSelect<T extends PgTable>(table: T, row: { [K in keyof T['$inferInsert']]?: T['$inferInsert'][K] | SQL }, from: SQL): SQL {
  const columns = getTableColumns(table)
  const entries = Object.entries(row).filter(([, value]) => value !== undefined)
  const names = entries.map(([key]) => {
    if (!columns[key]) throw new Error(`${getTableName(table)} has no column ${key}`)
    return sql.identifier(columns[key].name)
  })
  const values = entries.map(([key, value]) =>
    is(value, SQL) ? value : sql`${sql.param(value, columns[key])}::${sql.raw(columns[key].getSQLType())}`,
  )
  return sql`INSERT INTO ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)}) SELECT ${sql.join(values, sql`, `)} ${from}`
}

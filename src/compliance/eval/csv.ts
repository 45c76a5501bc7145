import { parseCsv, refuseShiftedRows } from '../../text/csv.js'

export { parseCsv }

/**
 * Rows as objects keyed by the header row. A row with more fields than the header (an unquoted
 * comma) is refused rather than dropped or shifted; a short row's missing fields are empty.
 */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header = [], ...rows] = parseCsv(text)
  refuseShiftedRows(header, rows)
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

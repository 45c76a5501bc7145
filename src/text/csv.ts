/** A CSV file that cannot be read as the writer meant it; the message says where. */
export class CsvError extends Error {
  override name = 'CsvError'
}

/**
 * RFC 4180 CSV rows: quoted fields may hold commas, doubled quotes ("") and newlines. Blank rows are
 * dropped. A quote never closed is an error: read on, it would swallow the rest of the file silently.
 */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let openedOn = 0
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]
    if (ch === '\n') line++
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') (field += '"'), i++
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') (quoted = true), (openedOn = line)
    else if (ch === ',') row.push(field), (field = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++
      row.push(field), rows.push(row), (row = []), (field = '')
    } else field += ch
  }
  if (quoted) throw new CsvError(`CSV line ${openedOn}: a quoted field opened here is never closed`)
  if (field !== '' || row.length) row.push(field), rows.push(row)
  return rows.filter((r) => r.some((f) => f.trim() !== ''))
}

/**
 * Refuses a data row with more filled fields than the header (rows numbered as parseCsv returns them, the
 * header being row 1): an unquoted comma in a text shifts every field after it, so a label would be read from the text.
 */
export function refuseShiftedRows(header: string[], rows: string[][]): void {
  const shifted = rows.findIndex((r) => r.slice(header.length).some((f) => f.trim()))
  if (shifted >= 0) throw new CsvError(`CSV row ${shifted + 2}: more fields than the header has (quote a field that holds a comma)`)
}

/**
 * Intents are data: exemplars as CSV (`text,intent`) or JSONL (`{"text","intent"}`), and an
 * optional routes file mapping an intent to what the bot does with it. The column names public
 * intent sets use (`utterance`, `query`, `sentence`; `label`, `category`) are read too.
 */
import { z } from 'zod'
import type { IntentExample } from '../models/types.js'
import { jsonLines, withoutBom } from '../json-lines.js'
import { parseCsv, refuseShiftedRows } from '../text/csv.js'

export { parseCsv }

export const IntentRoute = z.enum(['answer', 'handoff', 'smalltalk'])
export type IntentRoute = z.infer<typeof IntentRoute>
export const RoutesFile = z.record(z.string(), IntentRoute)
export type Routes = z.infer<typeof RoutesFile>

const TEXT_COLUMNS = ['text', 'utterance', 'query', 'sentence']
const INTENT_COLUMNS = ['intent', 'category', 'label']

/** Parses an intents file; `format` is guessed from the content when not given. */
export function parseIntents(source: string, format?: 'csv' | 'jsonl'): IntentExample[] {
  // Windows editors save UTF-8 with a byte-order mark: it would hide a quoted CSV header's first column.
  const content = withoutBom(source)
  const kind = format ?? (content.trimStart().startsWith('{') ? 'jsonl' : 'csv')
  const examples: IntentExample[] = []
  if (kind === 'jsonl') {
    for (const { value, line } of jsonLines(content, (n) => new Error(`intents line ${n}: not valid JSON`))) {
      const parsed = (value ?? {}) as Record<string, unknown>
      const pick = (names: readonly string[]) => parsed[names.find((n) => parsed[n] !== undefined) ?? '']
      const row = z.object({ text: z.string().trim().min(1), intent: z.string().trim().min(1) }).safeParse({ text: pick(TEXT_COLUMNS), intent: pick(INTENT_COLUMNS) })
      if (!row.success) throw new Error(`intents line ${line}: needs "text" and "intent"`)
      examples.push(row.data)
    }
  } else {
    const [names = [], ...rows] = parseCsv(content)
    const header = names.map((h) => h.trim().toLowerCase())
    const textCol = header.findIndex((h) => TEXT_COLUMNS.includes(h))
    const intentCol = header.findIndex((h) => INTENT_COLUMNS.includes(h))
    if (textCol < 0 || intentCol < 0) throw new Error('intents CSV needs a header naming a text column (text, utterance, query or sentence) and an intent column (intent, category or label)')
    refuseShiftedRows(header, rows)
    for (const r of rows) {
      const text = r[textCol]?.trim()
      const intent = r[intentCol]?.trim()
      if (text && intent) examples.push({ text, intent })
    }
  }
  if (examples.length === 0) throw new Error('intents file has no examples')
  return examples
}

/**
 * Prompt-injection and jailbreak prompts, each of which the service must refuse (`blocked: true`):
 * - CSV with a `prompt` column (Giskard prompt-injections: `index,prompt,name,group,source,language`);
 * - JSONL rows with a `prompt` string (JailbreakBench artifacts: `method`, `index`, `prompt`, ...).
 * The injection model trains on half of the project's copies of these two sets
 * (src/compliance/train-injection.ts). When the file is one of them, only the other half is scored,
 * split the way the trainer splits it; any other file is scored whole.
 */
import { parseCsv, refuseShiftedRows } from '../../src/text/csv.js'
import { isInjectionTrainingSource, splitOf } from '../../src/compliance/eval/datasets.js'
import { detectLang } from '../../src/text/lang.js'
import type { EvalCase, LoadedSet } from '../types.js'
import { InputError } from '../input-error.js'
import { jsonLines, withoutBom } from '../../src/json-lines.js'

interface Prompt {
  id: string
  text: string
  /** The trainer's split key (see src/compliance/eval/datasets.ts). */
  key: string
}

export function isInjectionRow(row: unknown): boolean {
  const r = row as Record<string, unknown>
  return !!r && typeof r.prompt === 'string' && !('expected' in r)
}

export function hasPromptColumn(header: string): boolean {
  return header.split(',').some((h) => h.trim().replace(/^"|"$/g, '').toLowerCase() === 'prompt')
}

/** The prompts, and how many rows had none (an empty cell, or JailbreakBench's null where an attack produced none). */
interface Prompts {
  prompts: Prompt[]
  skipped: number
}

/** A repeated `index` would give two cases one id, and the baseline diff matches cases by id. */
function refuseRepeatedIds(prompts: Array<Prompt & { where: string }>): void {
  const seen = new Set<string>()
  for (const p of prompts) {
    if (seen.has(p.id)) throw new InputError(`injection: ${p.where}: duplicate id ${p.id}`)
    seen.add(p.id)
  }
}

function readCsv(source: string): Prompts {
  const [head, ...rows] = parseCsv(source)
  const cols = head.map((h) => h.trim().toLowerCase())
  const promptCol = cols.indexOf('prompt')
  const indexCol = cols.indexOf('index')
  if (promptCol < 0) throw new InputError('injection: CSV needs a header with a "prompt" column')
  refuseShiftedRows(head, rows)
  const prompts = rows
    .map((r, i) => ({ index: indexCol >= 0 ? r[indexCol]?.trim() || String(i) : String(i), text: r[promptCol]?.trim() ?? '', row: i + 2 }))
    .filter((r) => r.text)
    .map((r) => ({ id: `injection-${r.index}`, text: r.text, key: `pi:${r.index}`, where: `CSV row ${r.row}` }))
  refuseRepeatedIds(prompts)
  return { prompts, skipped: rows.length - prompts.length }
}

function readJsonl(source: string): Prompts {
  const out: Prompt[] = []
  let skipped = 0
  for (const { value, line } of jsonLines(source, (n) => new InputError(`injection:${n}: not valid JSON`))) {
    const row = value as { prompt?: unknown; index?: unknown; method?: unknown }
    // JailbreakBench leaves the prompt null where an attack produced none: nothing to send.
    if (row?.prompt === null) {
      skipped++
      continue
    }
    if (!isInjectionRow(row)) throw new InputError(`injection:${line}: needs a "prompt" string`)
    const text = String(row.prompt).trim()
    if (!text) {
      skipped++
      continue
    }
    // JailbreakBench: every attack method on one request shares the request's index (and split).
    const index = typeof row.index === 'number' || typeof row.index === 'string' ? String(row.index) : String(line - 1)
    const method = typeof row.method === 'string' ? `${row.method}-` : ''
    out.push({ id: `jailbreak-${method}${index}-${line}`, text, key: `jbb:${index}` })
  }
  return { prompts: out, skipped }
}

/** `isTrainingSource`: whether the injection model trained on half of this file (by default, the project's copies). */
export function parseInjection(source: string, isTrainingSource = isInjectionTrainingSource): LoadedSet {
  const text = withoutBom(source).replace(/\r\n/g, '\n')
  const { prompts: all, skipped } = text.trimStart().startsWith('{') ? readJsonl(text) : readCsv(text)
  if (all.length === 0) throw new InputError('injection: no prompts')
  const heldOut = isTrainingSource(source)
  const scored = heldOut ? all.filter((p) => splitOf(p.key) === 'test') : all
  const notes = [
    'every prompt expects to be refused (blocked); the false-positive rate needs ordinary messages, such as the demo suite',
    ...(skipped ? [`${skipped} row(s) without a prompt skipped`] : []),
    ...(heldOut ? [`held out ${scored.length} of ${all.length} prompts: the injection model trained on the others`] : []),
  ]
  const cases: EvalCase[] = scored.map((p) => ({ id: p.id, lang: detectLang(p.text), turns: [p.text], expected: { blocked: true } }))
  return { format: 'injection', cases, notes }
}

/**
 * Labelled sentiment lines. Accepted layouts:
 * - `text<TAB>label` without a header (UCI Amazon / IMDb / Yelp cells, Kotzias et al. 2015);
 * - a header `sentence<TAB>label` or `label<TAB>sentence` (SST-2 in the GLUE layout, Socher et al. 2013), `label<TAB>text_a`
 *   (ChnSentiCorp as ERNIE and PaddleNLP ship it), or `text<TAB>label`;
 * - CSV with a header holding `label` and a text column (`review`, `text`, `sentence`, `text_a`, `content`, `comment`: ChnSentiCorp, online_shopping_10_cats).
 * Labels 0/1 (or negative/positive) make a binary set, scored by polarity: the sign of sentiment.score.
 * Labels negative/neutral/positive make a three-way set, scored by the reply's sentiment label.
 */
import { parseCsv } from '../../src/models/local/datasets.js'
import { refuseShiftedRows } from '../../src/text/csv.js'
import type { EvalCase, LoadedSet, SentimentLabel } from '../types.js'
import { splitHoldout, type Holdout } from './holdout.js'
import { InputError } from '../input-error.js'
import { withoutBom } from '../../src/json-lines.js'

const LABELS: Record<string, SentimentLabel> = { '0': 'negative', '1': 'positive', negative: 'negative', neutral: 'neutral', positive: 'positive' }
/** Names public sets give their text column: ChnSentiCorp `review` (SophonPlus) or `text_a` (the ERNIE / PaddleNLP copies), SST-2 `sentence`. */
const TEXT_COLUMNS = ['review', 'text', 'sentence', 'text_a', 'content', 'comment']

interface Row {
  text: string
  label: SentimentLabel
}

export function looksLikeSentiment(source: string): boolean {
  const lines = source.split('\n').slice(0, 20).filter((l) => l.trim())
  if (lines.length === 0) return false
  const header = lines[0].toLowerCase()
  const tsvHeader = header.trim().split('\t')
  if (tsvHeader.length === 2 && tsvHeader.includes('label') && TEXT_COLUMNS.some((c) => tsvHeader.includes(c))) return true
  const csvHeader = header.split(',').map((h) => h.trim())
  if (csvHeader.includes('label') && TEXT_COLUMNS.some((c) => csvHeader.includes(c))) return true
  return lines.every((l) => /\t\s*[01]\s*$/.test(l))
}

/** A data row as written, and where it is: `:line`, or `: CSV row n` (a quoted CSV field may span lines). */
interface RawRow {
  text: string
  label: string
  where: string
}

function tsvRows(lines: string[]): RawRow[] {
  const headAt = lines.findIndex((l) => l.trim())
  const head = lines[headAt].trim().toLowerCase().split('\t')
  const labelAt = head.indexOf('label')
  const textAt = head.findIndex((h) => TEXT_COLUMNS.includes(h))
  // `sentence<TAB>label` or `label<TAB>sentence` (SST-2), `text<TAB>label`...; without one, every line is `text<TAB>label`.
  const headed = head.length === 2 && labelAt >= 0 && textAt >= 0
  const rows: RawRow[] = []
  for (const [i, line] of lines.entries()) {
    if ((headed && i === headAt) || !line.trim()) continue
    const p = line.split('\t')
    if (headed && p.length !== 2) throw new InputError(`sentiment:${i + 1}: expected ${head.join('<TAB>')}`)
    if (p.length < 2) throw new InputError(`sentiment:${i + 1}: expected text<TAB>label`)
    rows.push(headed ? { text: p[textAt], label: p[labelAt], where: `:${i + 1}` } : { text: p.slice(0, -1).join('\t'), label: p[p.length - 1], where: `:${i + 1}` })
  }
  return rows
}

function csvRows(source: string): RawRow[] {
  const [head, ...rows] = parseCsv(source)
  const cols = head.map((h) => h.trim().toLowerCase())
  const labelCol = cols.indexOf('label')
  const textCol = cols.findIndex((c) => TEXT_COLUMNS.includes(c))
  if (labelCol < 0 || textCol < 0) throw new InputError(`sentiment: CSV needs a header with "label" and a text column (${TEXT_COLUMNS.join(', ')})`)
  refuseShiftedRows(head, rows)
  return rows.map((r, i) => ({ text: withoutBom(r[textCol] ?? ''), label: r[labelCol] ?? '', where: `: CSV row ${i + 2}` }))
}

/**
 * The labelled rows, and how many were skipped for having no text (public sets have an empty review or two).
 * A label other than the known ones is refused: skipping it would score another set than the file.
 */
function readRows(source: string): { rows: Row[]; skipped: number } {
  const lines = source.split('\n')
  const raw = lines.find((l) => l.trim())?.includes('\t') ? tsvRows(lines) : csvRows(source)
  const rows: Row[] = []
  for (const r of raw) {
    const label = LABELS[r.label.trim()]
    if (!label) throw new InputError(`sentiment${r.where}: label "${r.label.trim()}" is not one of ${Object.keys(LABELS).join(', ')}`)
    if (r.text.trim()) rows.push({ text: r.text.trim(), label })
  }
  return { rows, skipped: raw.length - rows.length }
}

export function parseSentiment(source: string, opts: { holdout?: Holdout; name?: string } = {}): LoadedSet {
  const { rows: all, skipped } = readRows(withoutBom(source).replace(/\r\n/g, '\n'))
  if (all.length === 0) throw new InputError('sentiment: no labelled rows')
  const binary = all.every((r) => r.label !== 'neutral')
  const notes = [binary ? 'binary labels: scored by the sign of sentiment.score (> 0 positive)' : 'three-way labels: scored by the reply sentiment label']
  if (skipped > 0) notes.push(`${skipped} row(s) without text skipped`)
  let rows = all.map((r, i) => ({ ...r, i }))
  if (opts.holdout) {
    rows = splitHoldout(rows, (r) => r.label, opts.holdout).test
    notes.push(`held out ${rows.length} of ${all.length} rows (share ${opts.holdout.share}, seed ${opts.holdout.seed})`)
  }
  const prefix = opts.name ?? 'sentiment'
  const cases: EvalCase[] = rows.map((r) => ({
    id: `${prefix}-${r.i + 1}`,
    turns: [r.text],
    expected: { sentiment: r.label },
    sentimentMode: binary ? 'polarity' : 'label',
  }))
  return { format: 'sentiment', cases, notes }
}

/**
 * Labelled sentiment lines. Accepted layouts:
 * - `text<TAB>label` without a header (UCI Amazon / IMDb / Yelp cells, Kotzias et al. 2015);
 * - a header `sentence<TAB>label` or `label<TAB>sentence` (SST-2 in the GLUE layout, Socher et al. 2013);
 * - CSV with a header holding `label` and `review`/`text`/`sentence` (ChnSentiCorp, online_shopping_10_cats).
 * Labels 0/1 (or negative/positive) make a binary set, scored by polarity: the sign of sentiment.score.
 * Labels negative/neutral/positive make a three-way set, scored by the reply's sentiment label.
 */
import { parseCsv } from '../../src/models/local/datasets.js'
import type { EvalCase, LoadedSet, SentimentLabel } from '../types.js'
import { splitHoldout, type Holdout } from './holdout.js'
import { InputError } from '../input-error.js'

const LABELS: Record<string, SentimentLabel> = { '0': 'negative', '1': 'positive', negative: 'negative', neutral: 'neutral', positive: 'positive' }
const TEXT_COLUMNS = ['review', 'text', 'sentence']

interface Row {
  text: string
  label: SentimentLabel
}

export function looksLikeSentiment(source: string): boolean {
  const lines = source.split('\n').slice(0, 20).filter((l) => l.trim())
  if (lines.length === 0) return false
  const header = lines[0].toLowerCase()
  if (/^(sentence\tlabel|label\tsentence)\s*$/.test(header)) return true
  const csvHeader = header.split(',').map((h) => h.trim())
  if (csvHeader.includes('label') && TEXT_COLUMNS.some((c) => csvHeader.includes(c))) return true
  return lines.every((l) => /\t\s*[01]\s*$/.test(l))
}

/** The labelled rows, and how many data rows were left out (no text, or a label other than the known ones). */
function readRows(source: string): { rows: Row[]; skipped: number } {
  const lines = source.split('\n')
  const dataLines = (from: number) => lines.slice(from).filter((l) => l.trim()).length
  const header = lines[0].trim().toLowerCase()
  if (header === 'sentence\tlabel' || header === 'label\tsentence') {
    const labelFirst = header.startsWith('label')
    const rows = lines
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((p) => p.length === 2)
      .map((p) => (labelFirst ? { label: p[0], text: p[1] } : { label: p[1], text: p[0] }))
      .filter((r) => LABELS[r.label.trim()] && r.text.trim())
      .map((r) => ({ text: r.text.trim(), label: LABELS[r.label.trim()] }))
    return { rows, skipped: dataLines(1) - rows.length }
  }
  if (!header.includes('\t')) {
    const [head, ...rows] = parseCsv(source)
    const cols = head.map((h) => h.trim().toLowerCase())
    const labelCol = cols.indexOf('label')
    const textCol = cols.findIndex((c) => TEXT_COLUMNS.includes(c))
    if (labelCol < 0 || textCol < 0) throw new InputError('sentiment: CSV needs a header with "label" and "review" (or "text")')
    const kept = rows
      .filter((r) => LABELS[r[labelCol]?.trim()] && r[textCol]?.trim())
      .map((r) => ({ text: r[textCol].replace(/^\uFEFF/, '').trim(), label: LABELS[r[labelCol].trim()] }))
    return { rows: kept, skipped: rows.filter((r) => r.some((cell) => cell.trim())).length - kept.length }
  }
  const rows = lines
    .map((l) => l.split('\t'))
    .filter((p) => p.length >= 2 && LABELS[p[p.length - 1].trim()])
    .map((p) => ({ text: p.slice(0, -1).join('\t').trim(), label: LABELS[p[p.length - 1].trim()] }))
    .filter((r) => r.text)
  return { rows, skipped: dataLines(0) - rows.length }
}

export function parseSentiment(source: string, opts: { holdout?: Holdout; name?: string } = {}): LoadedSet {
  const { rows: all, skipped } = readRows(source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'))
  if (all.length === 0) throw new InputError('sentiment: no labelled rows')
  const binary = all.every((r) => r.label !== 'neutral')
  const notes = [binary ? 'binary labels: scored by the sign of sentiment.score (> 0 positive)' : 'three-way labels: scored by the reply sentiment label']
  // Public sets have stray rows (an empty review); say how many were left out rather than refuse the file.
  if (skipped > 0) notes.push(`${skipped} row(s) skipped: no text, or a label other than ${Object.keys(LABELS).join('/')}`)
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

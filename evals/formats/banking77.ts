/**
 * BANKING77 (Casanueva et al. 2020): CSV `text,category`; the expected intent is the category.
 * With `--intents` the classifier trains on that file and every row is a case; otherwise a seeded
 * stratified hold-out of this file is scored and the rest is the training set.
 */
import { parseCsv } from '../../src/models/local/datasets.js'
import { refuseShiftedRows } from '../../src/text/csv.js'
import type { LoadedSet } from '../types.js'
import { splitHoldout, type Holdout } from './holdout.js'
import { InputError } from '../input-error.js'
import { withoutBom } from '../../src/json-lines.js'

export const BANKING77_DEFAULT_HOLDOUT: Holdout = { share: 0.2, seed: 77 }

export function parseBanking77(source: string, opts: { holdout?: Holdout; hasIntentsFile: boolean }): LoadedSet {
  const [header, ...rows] = parseCsv(withoutBom(source))
  const cols = header.map((h) => h.trim().toLowerCase())
  const textCol = cols.indexOf('text')
  const labelCol = cols.findIndex((h) => h === 'category' || h === 'intent' || h === 'label')
  if (textCol < 0 || labelCol < 0) throw new InputError('banking77: needs a header with "text" and "category"')
  refuseShiftedRows(header, rows)
  const all = rows
    .map((r, i) => ({ i, text: r[textCol]?.trim() ?? '', label: r[labelCol]?.trim() ?? '' }))
    .filter((r) => r.text && r.label)
  const notes: string[] = []
  if (all.length < rows.length) notes.push(`${rows.length - all.length} row(s) without text or category skipped`)
  let scored = all
  let training: LoadedSet['training']
  const holdout = opts.holdout ?? (opts.hasIntentsFile ? undefined : BANKING77_DEFAULT_HOLDOUT)
  // A header alone has no cases to split: the CLI says so, naming the file.
  if (holdout && all.length > 0) {
    const split = splitHoldout(all, (r) => r.label, holdout)
    scored = split.test
    if (!opts.hasIntentsFile) training = split.train.map((r) => ({ text: r.text, intent: r.label }))
    // With nothing to train on, the service would fall back to the demo intents without a word.
    if (training?.length === 0) throw new InputError(`banking77: the hold-out (--holdout ${holdout.share}) leaves no rows to train on: pass a smaller share, or --intents`)
    notes.push(`held out ${split.test.length} of ${all.length} rows (share ${holdout.share}, seed ${holdout.seed})${training ? `; trained on the other ${training.length}` : ''}`)
  }
  return {
    format: 'banking77',
    cases: scored.map((r) => ({ id: `banking77-${r.i + 1}`, lang: 'en', turns: [r.text], expected: { intent: r.label } })),
    training,
    notes,
  }
}

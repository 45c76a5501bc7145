/**
 * CLINC150 (Larson et al. 2019), the `data_full.json` layout: lists of `[text, intent]`.
 * Scores `test` + `oos_test` when present, else `val` + `oos_val`. In-scope rows expect their intent;
 * `oos` rows expect a handoff and no intent (the pipeline has to notice low confidence).
 * Without `--intents` the classifier trains on `train` only (never on oos rows).
 */
import type { EvalCase, LoadedSet } from '../types.js'
import { InputError } from '../input-error.js'
import { withoutBom } from '../../src/json-lines.js'

type Rows = Array<[string, string]>

export function isClinc150(data: unknown): data is Record<string, Rows> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false
  const d = data as Record<string, unknown>
  return ['val', 'test', 'oos_val', 'oos_test'].some((k) => Array.isArray(d[k])) && (Array.isArray(d.val) || Array.isArray(d.test))
}

/** The named list, each row a `[text, intent]` pair of non-empty strings (else the row is named). */
function checkedRows(data: Record<string, unknown>, key: string): Rows {
  const list = data[key] ?? []
  if (!Array.isArray(list)) throw new InputError(`clinc150: "${key}" must be a list of [text, intent] rows`)
  list.forEach((row, i) => {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || !row[0].trim() || typeof row[1] !== 'string' || !row[1].trim()) {
      throw new InputError(`clinc150: "${key}" row ${i + 1}: expected [text, intent], two non-empty strings`)
    }
  })
  return list as Rows
}

export function parseClinc150(source: string, opts: { hasIntentsFile: boolean }): LoadedSet {
  let data: unknown
  try {
    data = JSON.parse(withoutBom(source))
  } catch {
    throw new InputError('clinc150: not valid JSON')
  }
  if (!isClinc150(data)) throw new InputError('clinc150: expected an object with "val"/"oos_val" (or "test"/"oos_test") lists')
  const split = Array.isArray(data.test) ? 'test' : 'val'
  const inScope = checkedRows(data, split)
  const oos = checkedRows(data, `oos_${split}`)
  const cases: EvalCase[] = []
  inScope.forEach(([text, intent], i) => {
    if (intent === 'oos') cases.push({ id: `clinc150-${split}-${i + 1}`, lang: 'en', turns: [text], expected: { route: 'handoff' } })
    else cases.push({ id: `clinc150-${split}-${i + 1}`, lang: 'en', turns: [text], expected: { intent } })
  })
  oos.forEach(([text], i) => cases.push({ id: `clinc150-oos_${split}-${i + 1}`, lang: 'en', turns: [text], expected: { route: 'handoff' } }))
  const notes = [`scored ${split} (${inScope.length}) + oos_${split} (${oos.length})`]
  let training: LoadedSet['training']
  if (!opts.hasIntentsFile) {
    training = checkedRows(data, 'train')
      .filter(([, intent]) => intent !== 'oos')
      .map(([text, intent]) => ({ text, intent }))
    // With nothing to train on, the service would train on the demo intents without a word.
    if (training.length === 0) throw new InputError('clinc150: no in-scope "train" rows to train on; pass --intents')
    notes.push(`trained on train (${training.length}); oos_train not used`)
  }
  return { format: 'clinc150', cases, training, notes }
}

/**
 * Seeded stratified hold-out for sets that ship one labelled file: the same split as the model scripts
 * (src/models/local/datasets.ts), so `--holdout 0.2 --seed 77` is the BANKING77 split of measure-intent.ts
 * and `--holdout 0.1 --seed 2024` the SST-2 rows the sentiment model never saw.
 */
import { stratifiedSplit } from '../../src/models/local/datasets.js'
import { InputError } from '../input-error.js'

export interface Holdout {
  share: number
  seed: number
}

export function splitHoldout<T>(rows: T[], labelOf: (row: T) => string, holdout: Holdout): { train: T[]; test: T[] } {
  const labelled = rows.map((row) => ({ text: '', label: labelOf(row), row }))
  const { train, test } = stratifiedSplit(labelled, holdout.share, holdout.seed)
  // Otherwise the run would stop on "no cases" without saying that the split, not the file, left none.
  if (rows.length > 0 && test.length === 0) {
    throw new InputError(`the hold-out (--holdout ${holdout.share}, seed ${holdout.seed}) keeps none of the ${rows.length} rows: pass a larger share`)
  }
  return { train: train.map((r) => (r as (typeof labelled)[number]).row), test: test.map((r) => (r as (typeof labelled)[number]).row) }
}

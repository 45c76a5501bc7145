/**
 * Trains the injection scorer's weights (data/injection-weights.json) on the TRAIN half of the split.
 *   npx tsx src/compliance/train-injection.ts
 * Input model. Positives: prompt_injections.csv (Giskard), JailbreakBench attack prompts, the project's own
 * short attacks (data/attacks-own.txt). Negatives: the
 * project's benign support messages (en, zh), banking77, clinc150, Chinese shopping reviews.
 * Passage model (scored per sentence unit). Positives: BIPIA attack texts, Giskard prompts. Negatives: the
 * sentence units of clean BIPIA e-mails and doc2dial knowledge-base passages.
 * The threshold is the lowest score keeping the false-positive rate on each TRAIN negative set under `maxFp`.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as ds from './eval/datasets.js'
import { trainLogistic, type Sample } from './eval/logistic.js'
import { extractFeatures, FEATURE_NAMES } from './rules/injection-features.js'
import { type LinearModel, passageUnitsWithContext, scorePassage, sigmoid } from './rules/injection.js'

const OUT = fileURLToPath(new URL('./data/injection-weights.json', import.meta.url))
const MAX_FP = 0.005

/** An example, with the rest of its passage when it is one unit of a passage. */
type Ex = ds.Example & { context?: string }
type Weighted = { examples: Ex[]; weight: number }

function train(examples: ds.Example[]): ds.Example[] {
  return examples.filter((e) => ds.splitOf(e.key) === 'train')
}

/** Each set gets `weight` of the total mass, shared equally by its examples. */
function samples(sets: Weighted[], y: 0 | 1): Sample[] {
  return sets.flatMap(({ examples, weight }) =>
    examples.map((e) => ({ x: extractFeatures(e.text, e.context).values, y, w: weight / examples.length })),
  )
}

/**
 * `thresholdOn`: the negative sets the threshold is calibrated on, with the scorer used at run time
 * (for passages: whole documents scored by their best unit).
 */
function fit(pos: Weighted[], neg: Weighted[], thresholdOn?: { sets: ds.Example[][]; score: (model: LinearModel, text: string) => number; maxFp: number }) {
  const all = [...samples(pos, 1), ...samples(neg, 0)]
  const { bias, weights } = trainLogistic(all, FEATURE_NAMES.length)
  const score = (x: number[]) => sigmoid(bias + x.reduce((s, v, i) => s + v * weights[i], 0))
  // Threshold: high enough that every negative set stays under MAX_FP on the training half.
  let threshold = 0.5
  const model: LinearModel = { bias, weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, weights[i]])), threshold: 0.5 }
  const calib = thresholdOn ?? { sets: neg.map((n) => n.examples), score: (_m: LinearModel, t: string) => score(extractFeatures(t).values), maxFp: MAX_FP }
  for (const set of calib.sets) {
    const scores = set.map((e) => calib.score(model, e.text)).sort((a, b) => b - a)
    const k = Math.floor(scores.length * calib.maxFp)
    if (scores[k] !== undefined) threshold = Math.max(threshold, Math.min(0.99, scores[k] + 1e-6))
  }
  const posScores = pos.flatMap((p) => p.examples.map((e) => score(extractFeatures(e.text, e.context).values)))
  const recall = posScores.filter((s) => s >= threshold).length / posScores.length
  return {
    bias: Number(bias.toFixed(4)),
    weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, Number(weights[i].toFixed(4))])),
    threshold: Number(threshold.toFixed(4)),
    trainRecall: Number(recall.toFixed(4)),
  }
}

/** Passages are scored unit by unit (rules/injection.ts passageUnitsWithContext); negatives are the units of clean documents. */
function units(examples: ds.Example[]): Ex[] {
  return examples.flatMap((e) => passageUnitsWithContext(e.text).map(({ unit, context }) => ({ ...e, text: unit, context })))
}

/** Attack texts as units of an e-mail of their own split: the e-mail is the context of the planted text. */
function inEmails(attacks: ds.Example[]): Ex[] {
  const emails = train(ds.bipiaEmails())
  return attacks.map((a) => ({ ...a, context: emails[ds.stableHash(a.key) % emails.length].text }))
}

const input = fit(
  [
    { examples: train(ds.promptInjections()), weight: 1 },
    { examples: train(ds.jbbPrompts()), weight: 2 },
    { examples: train(ds.ownAttacks()), weight: 1 },
  ],
  [
    { examples: train(ds.benign('en')), weight: 1 },
    { examples: train(ds.benign('zh')), weight: 1 },
    { examples: train(ds.banking77()), weight: 0.5 },
    { examples: train(ds.clinc150()), weight: 0.5 },
    { examples: train(ds.chineseReviews()), weight: 0.5 },
  ],
)

const passage = fit(
  [
    { examples: train(ds.bipiaAttacks()), weight: 1 },
    { examples: inEmails(train(ds.bipiaAttacks())), weight: 1.5 },
    { examples: train(ds.promptInjections()), weight: 0.5 },
  ],
  [
    { examples: units(train(ds.bipiaEmails())), weight: 1 },
    { examples: units(train(ds.kbPassages())), weight: 1 },
  ],
  { sets: [train(ds.bipiaEmails()), train(ds.kbPassages())], score: (m, t) => scorePassage(t, m).score, maxFp: 0.01 },
)

const out = {
  _note: 'Generated by `npx tsx src/compliance/train-injection.ts` from the train half of the split in eval/datasets.ts. Sources: Giskard-AI/prompt-injections, microsoft/BIPIA, JailbreakBench/artifacts (MIT); banking77 (CC BY 4.0); clinc150, doc2dial (CC BY 3.0); SophonPlus online_shopping_10_cats (licence none stated).',
  features: FEATURE_NAMES,
  input,
  passage,
}
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`)
console.log(JSON.stringify({ input, passage }, null, 2))

/**
 * Intent figures on BANKING77 (seeded stratified 80/20 of train.csv) and CLINC150 (train -> val,
 * out-of-scope threshold chosen on oos_train and held-out train rows, measured on oos_val).
 * With `--cv`, instead, seeded 5-fold cross-validation inside the training rows (BANKING77's 80%,
 * CLINC150 train, at full size and at 20 exemplars per intent, and the demo intents file): the
 * figures to tune on, since they never touch the hold-out, val or oos_val.
 */
import { readFileSync } from 'node:fs'
import type { IntentClassifier } from '../types.js'
import { parseIntents } from '../../intents/parse.js'
import routing from '../../turn/data/routing.json' with { type: 'json' }
import { loadBanking77, loadClinc150, stratifiedSplit, type Labelled } from './datasets.js'
import { trainIntentModel, type IntentTrainingOptions } from './intent.js'

async function predict(model: IntentClassifier, rows: Labelled<string>[]) {
  const out: Array<{ gold: string; name: string; confidence: number }> = []
  for (const r of rows) {
    const p = await model.classify(r.text)
    out.push({ gold: r.label, name: p.name, confidence: p.confidence })
  }
  return out
}

const pct = (x: number) => (100 * x).toFixed(1) + '%'

export async function measureIntents(options: IntentTrainingOptions = {}) {
  const lines: string[] = []
  const banking = stratifiedSplit(loadBanking77(), 0.2, 77)
  let t = performance.now()
  const bModel = trainIntentModel(banking.train.map((r) => ({ text: r.text, intent: r.label })), options)
  const trainMs = performance.now() - t
  t = performance.now()
  const bPred = await predict(bModel, banking.test)
  const perMs = (performance.now() - t) / banking.test.length
  const bAcc = bPred.filter((p) => p.name === p.gold).length / bPred.length
  lines.push(`BANKING77 held-out 20% (n=${banking.test.length}): accuracy ${pct(bAcc)}; train ${(trainMs / 1000).toFixed(1)} s on ${banking.train.length}; classify ${perMs.toFixed(3)} ms/query`)
  lines.push(`  calibration: mean confidence ${pct(mean(bPred.map((p) => p.confidence)))} vs accuracy ${pct(bAcc)}; ECE ${pct(ece(bPred))}`)

  const clinc = loadClinc150()
  t = performance.now()
  const cModel = trainIntentModel(clinc.train.map((r) => ({ text: r.text, intent: r.label })), options)
  lines.push(`CLINC150 train ${((performance.now() - t) / 1000).toFixed(1)} s on ${clinc.train.length}`)
  const val = await predict(cModel, clinc.val)
  const oosVal = await predict(cModel, clinc.oosVal)
  const inAcc = val.filter((p) => p.name === p.gold).length / val.length
  lines.push(`CLINC150 train -> val in-scope accuracy (no threshold): ${pct(inAcc)}; ECE ${pct(ece(val))}`)
  // The threshold never sees val or oos_val: a model fit on 90% of train scores the other 10%
  // (in-scope) and oos_train; the threshold maximising accuracy with "oos" as a 151st class is kept.
  const fit = stratifiedSplit(clinc.train, 0.1, 150)
  const tuneModel = trainIntentModel(fit.train.map((r) => ({ text: r.text, intent: r.label })), options)
  const threshold = pickThreshold(await predict(tuneModel, clinc.oosTrain), await predict(tuneModel, fit.test))
  const oosRecall = oosVal.filter((p) => p.confidence < threshold).length / oosVal.length
  const inAccAt = val.filter((p) => p.confidence >= threshold && p.name === p.gold).length / val.length
  lines.push(`CLINC150 OOS threshold ${threshold.toFixed(3)} (picked on oos_train + 10% of train): oos_val recall ${pct(oosRecall)}; in-scope accuracy at threshold ${pct(inAccAt)}`)
  for (const t of [0.3, 0.35, 0.5, 0.7]) {
    const r = oosVal.filter((p) => p.confidence < t).length / oosVal.length
    const a = val.filter((p) => p.confidence >= t && p.name === p.gold).length / val.length
    lines.push(`  at threshold ${t}: oos_val recall ${pct(r)}, in-scope accuracy ${pct(a)}`)
  }
  return lines
}

/** Seeded stratified k-fold: a seeded stratified split of share 1/(k - f) peels fold f off the rest. */
export function stratifiedFolds<L>(items: Labelled<L>[], k: number, seed: number): Labelled<L>[][] {
  const folds: Labelled<L>[][] = []
  let rest = items
  for (let f = 0; f < k - 1; f++) {
    const split = stratifiedSplit(rest, 1 / (k - f), seed + f)
    folds.push(split.test)
    rest = split.train
  }
  folds.push(rest)
  return folds
}

/**
 * Accuracy and ECE over the folds; `perIntent` keeps only the first n training rows of each label.
 * `outside` (out-of-scope rows, never trained on) is scored by every fold's model: the share below
 * the pipeline's intent threshold shows whether confidence still separates them.
 */
export async function crossValidate(items: Labelled<string>[], options: IntentTrainingOptions, k = 5, seed = 5, perIntent = 0, outside: Labelled<string>[] = []) {
  const folds = stratifiedFolds(items, k, seed)
  const preds: Array<{ gold: string; name: string; confidence: number }> = []
  let outsideBelow = 0
  let trainMs = 0
  for (let f = 0; f < k; f++) {
    const seen = new Map<string, number>()
    const train = folds.flatMap((fold, i) => (i === f ? [] : fold)).filter((r) => {
      const n = (seen.get(r.label) ?? 0) + 1
      seen.set(r.label, n)
      return !perIntent || n <= perIntent
    })
    const t = performance.now()
    const model = trainIntentModel(train.map((r) => ({ text: r.text, intent: r.label })), options)
    trainMs += performance.now() - t
    preds.push(...(await predict(model, folds[f])))
    outsideBelow += (await predict(model, outside)).filter((p) => p.confidence < routing.minIntentConfidence).length
  }
  const accuracy = preds.filter((p) => p.name === p.gold).length / preds.length
  return { accuracy, ece: ece(preds), outsideBelow: outside.length ? outsideBelow / (k * outside.length) : NaN, trainMs: trainMs / k }
}

export async function measureCrossValidation(options: IntentTrainingOptions = {}) {
  const lines: string[] = []
  const clinc = loadClinc150()
  const demo = parseIntents(readFileSync(new URL('../../demo/intents.csv', import.meta.url), 'utf8')).map((e) => ({ text: e.text, label: e.intent }))
  const sets = [
    { name: 'BANKING77', items: stratifiedSplit(loadBanking77(), 0.2, 77).train, sizes: [0, 20], outside: [] },
    { name: 'CLINC150', items: clinc.train, sizes: [0, 20], outside: clinc.oosTrain },
    { name: 'demo intents', items: demo, sizes: [0], outside: [] },
  ]
  for (const { name, items, sizes, outside } of sets) {
    for (const perIntent of sizes) {
      const cv = await crossValidate(items, options, 5, 5, perIntent, outside)
      const oos = outside.length ? `; oos_train below ${routing.minIntentConfidence} ${pct(cv.outsideBelow)}` : ''
      lines.push(`${name} 5-fold CV inside train${perIntent ? `, ${perIntent} per intent` : ''}: accuracy ${pct(cv.accuracy)}; ECE ${pct(cv.ece)}${oos}; train ${(cv.trainMs / 1000).toFixed(1)} s per fold`)
    }
  }
  return lines
}

function pickThreshold(oos: Array<{ confidence: number }>, inScope: Array<{ gold: string; name: string; confidence: number }>) {
  let best = { t: 0, score: -1 }
  for (let t = 0.02; t < 0.9; t += 0.01) {
    const recall = oos.filter((p) => p.confidence < t).length / oos.length
    const acc = inScope.filter((p) => p.confidence >= t && p.name === p.gold).length / inScope.length
    const score = recall * oos.length + acc * inScope.length
    if (score > best.score) best = { t, score }
  }
  return best.t
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

/** Expected calibration error over 10 confidence bins. */
function ece(preds: Array<{ gold: string; name: string; confidence: number }>) {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }))
  for (const p of preds) {
    const b = bins[Math.min(9, Math.floor(p.confidence * 10))]
    b.n++
    b.conf += p.confidence
    b.correct += p.name === p.gold ? 1 : 0
  }
  return bins.reduce((s, b) => s + (b.n ? (b.n / preds.length) * Math.abs(b.conf / b.n - b.correct / b.n) : 0), 0)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const json = args.find((a) => a.startsWith('{'))
  const opts = json ? (JSON.parse(json) as IntentTrainingOptions) : {}
  // Tuning runs (--cv) never print the hold-outs.
  for (const line of await (args.includes('--cv') ? measureCrossValidation(opts) : measureIntents(opts))) console.log(line)
}

/**
 * Trains the injection scorer's weights (data/injection-weights.json) on the TRAIN half of the split.
 *   npx tsx src/compliance/train-injection.ts
 * Input model. Positives: prompt_injections.csv (Giskard), JailbreakBench attack prompts, the project's own
 * short attacks (data/attacks-own.txt). Negatives: the
 * project's benign support messages (en, zh), banking77, clinc150, Chinese shopping reviews.
 * Passage model (scored per sentence unit). Positives: BIPIA attack texts and the project's own passage
 * attacks for training (data/attacks-passage-train.txt) planted in TRAIN KB passages and e-mails, Giskard prompts. Negatives: the
 * sentence units of clean BIPIA e-mails and doc2dial knowledge-base passages, and the project's own Chinese
 * help-centre sentences (data/benign-passages-train-zh.txt) planted in TRAIN KB passages.
 * The threshold is the lowest score keeping the false-positive rate on each TRAIN negative set under `maxFp`.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as ds from './eval/datasets.js'
import { trainLogistic, type Sample } from './eval/logistic.js'
import { contentWords, extractFeatures, FEATURE_NAMES, PASSAGE_ONLY, useSupportVocabulary } from './rules/injection-features.js'
import { type LinearModel, passageUnitFeatures, STRONG_SCORE, scoreInjection, scorePassage, sigmoid } from './rules/injection.js'

const OUT = fileURLToPath(new URL('./data/injection-weights.json', import.meta.url))
const VOCABULARY_OUT = fileURLToPath(new URL('./data/injection-vocabulary.json', import.meta.url))
/** A content word is a support word when at least this many TRAIN benign texts hold it. */
const VOCABULARY_MIN_DF = 3
/** clinc150 domains about an account, a card, a car, a home or work: support talk, not general knowledge or small talk. */
const SUPPORT_DOMAINS = ['banking', 'credit_cards', 'auto_and_commute', 'home', 'work']
const MAX_FP = 0.005
/** Passages: the share of TRAIN knowledge-base passages and e-mails the threshold may block. */
const PASSAGE_MAX_FP = 0.005

/** An example, with the rest of its passage when it is one unit of a passage. */
type Ex = ds.Example & { context?: string; x?: number[] }
const vectorOf = (e: Ex) => e.x ?? extractFeatures(e.text, e.context).values
type Weighted = { examples: Ex[]; weight: number }

function train(examples: ds.Example[]): ds.Example[] {
  return examples.filter((e) => ds.splitOf(e.key) === 'train')
}

/** Each set gets `weight` of the total mass, shared equally by its examples; `hide`: features the model must not use. */
function samples(sets: Weighted[], y: 0 | 1, hide: ReadonlySet<string>): Sample[] {
  const shown = (x: number[]) => (hide.size ? x.map((v, i) => (hide.has(FEATURE_NAMES[i]) ? 0 : v)) : x)
  return sets.flatMap(({ examples, weight }) =>
    examples.map((e) => ({ x: shown(vectorOf(e)), y, w: weight / examples.length })),
  )
}

/**
 * `thresholdOn`: the negative sets the threshold is calibrated on, with the scorer used at run time
 * (for passages: whole documents scored by their best unit).
 */
function fit(pos: Weighted[], neg: Weighted[], thresholdOn?: { sets: ds.Example[][]; score: (model: LinearModel, text: string) => number; maxFp: number }, hide: ReadonlySet<string> = new Set()) {
  const all = [...samples(pos, 1, hide), ...samples(neg, 0, hide)]
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
  const posScores = pos.flatMap((p) => p.examples.map((e) => score(vectorOf(e))))
  const recall = posScores.filter((s) => s >= threshold).length / posScores.length
  return {
    bias: Number(bias.toFixed(4)),
    weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, Number(weights[i].toFixed(4))])),
    threshold: Number(threshold.toFixed(4)),
    trainRecall: Number(recall.toFixed(4)),
  }
}

/** Passages are scored unit by unit (rules/injection.ts passageUnitFeatures); negatives are the units of clean documents. */
function units(examples: ds.Example[]): Ex[] {
  return examples.flatMap((e) => passageUnitFeatures(e.text).map(({ unit, features }) => ({ ...e, text: unit, x: features.values })))
}

/** Attack texts as units of a host document (e-mail, KB passage) of their own split: the host is the context of the planted text. */
function inHosts(attacks: ds.Example[], hosts: ds.Example[]): Ex[] {
  return attacks.map((a) => ({ ...a, context: hosts[(ds.stableHash(a.key) >>> 8) % hosts.length].text }))
}

/**
 * The support vocabulary (rules/injection-features.ts off_topic_foreign): content words held by at least
 * VOCABULARY_MIN_DF of the TRAIN benign texts (help-center passages, e-mails, customer messages en/zh).
 */
function supportVocabulary(keep: (e: ds.Example) => boolean): string[] {
  const t = (xs: ds.Example[]) => train(xs).filter(keep)
  const df = new Map<string, number>()
  for (const set of [ds.kbPassages(), ds.bipiaEmails(), ds.banking77(), ds.clinc150InDomains(SUPPORT_DOMAINS), ds.productReviewsEn(), ds.benign('en'), ds.benign('zh'), ds.chineseReviews(), ds.ownBenignPassagesZh()]) {
    for (const e of t(set)) for (const w of contentWords(e.text)) df.set(w, (df.get(w) ?? 0) + 1)
  }
  return [...df].filter(([, n]) => n >= VOCABULARY_MIN_DF).map(([w]) => w).sort()
}

/** `keep`: which train examples to fit on (all of them, or the training folds of a cross-validation). */
function fitInput(keep: (e: ds.Example) => boolean) {
  const t = (xs: ds.Example[]) => train(xs).filter(keep)
  return fit(
    [
      { examples: t(ds.promptInjections()), weight: 1 },
      { examples: t(ds.jbbPrompts()), weight: 2 },
      { examples: t(ds.ownAttacks()), weight: 1 },
    ],
    [
      { examples: t(ds.benign('en')), weight: 1 },
      { examples: t(ds.benign('zh')), weight: 1 },
      { examples: t(ds.banking77()), weight: 0.5 },
      { examples: t(ds.clinc150()), weight: 0.5 },
      { examples: t(ds.chineseReviews()), weight: 0.5 },
    ],
    undefined,
    PASSAGE_ONLY,
  )
}

function fitPassage(keep: (e: ds.Example) => boolean) {
  const t = (xs: ds.Example[]) => train(xs).filter(keep)
  const emails = t(ds.bipiaEmails())
  const kb = t(ds.kbPassages())
  // Own Chinese help-centre sentences planted in KB passages: the other negatives are English, so without
  // them the Chinese patterns took their weights from attacks alone. Only their (Chinese) units are added;
  // the host's units are already among the KB negatives.
  const zhHelp = t(ds.ownBenignPassagesZhPlanted())
  return fit(
    [
      // Planted texts always have a context here: alone, off_topic_ask could never fire on them.
      { examples: inHosts(t(ds.bipiaAttacks()), kb), weight: 1 },
      { examples: inHosts(t(ds.bipiaAttacks()), emails), weight: 1.5 },
      { examples: t(ds.promptInjections()), weight: 0.5 },
      { examples: inHosts(t(ds.ownPassageTrainAttacks()), kb), weight: 0.5 },
      { examples: inHosts(t(ds.ownPassageTrainAttacks()), emails), weight: 0.5 },
    ],
    [
      { examples: units(emails), weight: 1 },
      { examples: units(kb), weight: 1 },
      { examples: units(zhHelp).filter((u) => /\p{Script=Han}/u.test(u.text)), weight: 1 },
    ],
    { sets: [emails, kb, zhHelp], score: (m, text) => scorePassage(text, m).score, maxFp: PASSAGE_MAX_FP },
  )
}

/**
 * `--cv`: k-fold cross-validation inside the TRAIN half (folds by split key), to compare feature and
 * training changes without looking at the test half. Prints held-out-fold detection and false positives.
 */
function crossValidate(k = 4) {
  // The hash's low bit is the parity of the key's characters, the very bit that splitOf uses: every TRAIN key
  // shares it, so folds are taken from higher bits (the low bits alone would leave half the folds empty).
  const fold = (e: ds.Example) => (ds.stableHash(`cv:${e.key}`) >>> 8) % k
  const rate = (xs: boolean[]) => `${((100 * xs.filter(Boolean).length) / Math.max(1, xs.length)).toFixed(1)}% (${xs.filter(Boolean).length}/${xs.length})`
  const acc: Record<string, boolean[]> = {}
  const add = (name: string, xs: boolean[]) => (acc[name] = [...(acc[name] ?? []), ...xs])
  for (let f = 0; f < k; f++) {
    const held = (xs: ds.Example[]) => train(xs).filter((e) => fold(e) === f)
    useSupportVocabulary(supportVocabulary((e) => fold(e) !== f))
    const passageOnly = process.argv.includes('--passage')
    const input = passageOnly ? undefined : fitInput((e) => fold(e) !== f)
    const passage = fitPassage((e) => fold(e) !== f)
    const inHit = (e: ds.Example) => (input ? scoreInjectionInput(e.text, input) >= input.threshold : false)
    const paHit = (e: ds.Example) => scorePassage(e.text, passage).score >= passage.threshold
    if (input) {
      add('input: jbb', held(ds.jbbPrompts()).map(inHit))
      add('input: giskard', held(ds.promptInjections()).map(inHit))
      add('input: own attacks', held(ds.ownAttacks()).map(inHit))
      add('input FP: benign en+zh', [...held(ds.benign('en')), ...held(ds.benign('zh'))].map(inHit))
      add('input FP: banking77', held(ds.banking77()).map(inHit))
      add('input FP: clinc150', held(ds.clinc150()).map(inHit))
      add('input FP: zh reviews', held(ds.chineseReviews()).map(inHit))
    }
    add('passage: bipia in e-mails', held(ds.bipiaPassages()).map(paHit))
    add('passage: bipia alone', held(ds.bipiaAttacks()).map(paHit))
    add('passage FP: kb doc2dial', held(ds.kbPassages()).map(paHit))
    add('passage: own attacks planted', held(ds.ownPassagesPlanted()).map(paHit))
    add('passage: own training attacks planted', held(ds.plant(ds.ownPassageTrainAttacks(), ds.kbPassages(), 2)).map(paHit))
    add('passage FP: clean e-mails', held(ds.bipiaEmails()).map(paHit))
    add('passage FP: own help sentences planted', held(ds.benignPassagesPlanted()).map(paHit))
    add('passage FP: own zh training help sentences planted', held(ds.ownBenignPassagesZhPlanted()).map(paHit))
  }
  for (const [name, xs] of Object.entries(acc)) console.log(`${name}: ${rate(xs)}`)
}

/** The input verdict as the engine gives it: a strong family scores at least STRONG_SCORE. */
function scoreInjectionInput(text: string, model: LinearModel): number {
  const s = scoreInjection(text, 'input', model)
  return s.strong.length ? Math.max(s.score, STRONG_SCORE) : s.score
}

if (process.argv.includes('--cv')) {
  crossValidate()
  process.exit(0)
}

const words = supportVocabulary(() => true)
useSupportVocabulary(words)
writeFileSync(VOCABULARY_OUT, `${JSON.stringify({ _note: `Generated by \`npx tsx src/compliance/train-injection.ts\`: content words held by at least ${VOCABULARY_MIN_DF} TRAIN benign texts (doc2dial KB passages, BIPIA e-mails, banking77, clinc150 support domains, amazon_cells reviews, own benign en/zh, Chinese shopping reviews, own Chinese help-centre sentences).`, words })}\n`)
const input = fitInput(() => true)
const passage = fitPassage(() => true)

const out = {
  _note: 'Generated by `npx tsx src/compliance/train-injection.ts` from the train half of the split in eval/datasets.ts. Sources: Giskard-AI/prompt-injections, microsoft/BIPIA, JailbreakBench/artifacts (MIT); banking77 (CC BY 4.0); clinc150, doc2dial (CC BY 3.0); SophonPlus online_shopping_10_cats (licence none stated).',
  features: FEATURE_NAMES,
  input,
  passage,
}
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`)
console.log(JSON.stringify({ input, passage }, null, 2))

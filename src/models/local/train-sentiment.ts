/**
 * Trains the local sentiment model and writes src/models/local/sentiment-model.json.
 * Run: npx tsx src/models/local/train-sentiment.ts   (datasets: ../shared/datasets or $PARLEY_DATASETS)
 * Three-class (negative / positive / neutral) multinomial logistic regression on hashed words/bigrams
 * (negation- and contrast-aware, see sentiment-features.ts) and Han character n-grams, trained by
 * seeded SGD with L2 and iterate averaging, then pruned to the strongest weights to stay small.
 * Negative and positive come from reviews; neutral from support traffic (see sentiment-data.ts), so the
 * model learns that a request or a plain problem report is not a complaint.
 *
 * English words with a clear valence in the VADER lexicon (devDependency vader-sentiment: `npm install`
 * first) are added as one-word polar rows: a prior for words the movie phrases and phone reviews lack
 * (validation split, sentiment-data.ts: Amazon 87.5 -> 90.5%, SST-2 sentences 81.8 -> 82.9%).
 * Options are tuned with tune-sentiment.ts on validation rows carved from the training side.
 *
 * SST-2's train file is mostly short phrases cut from its ~6.9k sentences. Weighting rows by length
 * (whole sentences fully, short phrases less) was tried and lost 1-2 points on the held-out Amazon
 * and IMDb halves: the short phrases act as a sentiment lexicon, which is what carries to other domains.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Labelled } from './datasets.js'
import { mulberry32, shuffleInPlace } from './random.js'
import { NEUTRAL, lexiconRows, sentimentData, sentimentSplits, type SentimentClass } from './sentiment-data.js'
import { SENTIMENT_FEATURES, SENTIMENT_FEATURE_VERSION, SENTIMENT_HASH_SPACE, sentimentVector, type SentimentFeatureOptions, type SentimentVector } from './sentiment-features.js'
import { scriptOf } from './sentiment-script.js'
import type { ClassLogits, SentimentModelFile } from './sentiment.js'

export interface TrainOptions {
  epochs: number
  learningRate: number
  l2: number
  keep: number
  minAbsWeight: number
  /**
   * Times each hand-written neutral message is seen per epoch. Chinese support requests are otherwise
   * a few hundred rows against ~57k Chinese reviews, and the model would read any Chinese as polar.
   */
  handWrittenRepeats: { en: number; zh: number }
  /** The same for the hand-written replies to a question ("No, none of those."). */
  replyRepeats: { en: number; zh: number }
  /** Lower bound of every feature's polar evidence weight (see trainSoftmax). */
  minRelativeWeight: number
  /** Lexicon words (see lexiconRows) added as one-word rows, each seen `repeats` times per epoch. */
  lexicon: { repeats: number; minAbs: number }
}

export const TRAIN_OPTIONS: TrainOptions = { epochs: 20, learningRate: 0.5, l2: 5e-7, keep: 70_000, minAbsWeight: 0.03, handWrittenRepeats: { en: 8, zh: 30 }, replyRepeats: { en: 8, zh: 3 }, minRelativeWeight: 0, lexicon: { repeats: 3, minAbs: 1 } }

type Row = Labelled<SentimentClass>

/**
 * Seeded SGD on the softmax loss with neutral as the reference class (logit 0). Each feature has a
 * polar evidence weight e and a polarity weight p: its negative logit is e - p/2, its positive logit
 * e + p/2 (class-major in one array: e, then p). Polarity is as free as in a binary model, but e is
 * kept at or above `minRelativeWeight`, so a topic word ("refund", 快递) cannot vote for neutral over
 * an emotional word ("annoying", 烦): neutral wins through the bias, by the absence of polar evidence.
 * The returned weights ([negative, positive] per feature) average the late iterates.
 */
export function trainSoftmax(rows: Row[], vectors: SentimentVector[], opt: TrainOptions, order: number[] = rows.map((_, i) => i)) {
  const D = SENTIMENT_HASH_SPACE
  const w = new Float64Array(2 * D)
  const avg = new Float64Array(2 * D)
  const bias = { han: [0, 0], latin: [0, 0] }
  const avgBias = { han: [0, 0], latin: [0, 0] }
  const scripts = rows.map((r) => scriptOf(r.text))
  let snapshots = 0
  let scale = 1
  const rand = mulberry32(99)
  const total = opt.epochs * order.length
  const every = Math.max(1, Math.floor(order.length / 8))
  let step = 0
  const flush = () => {
    for (let j = 0; j < w.length; j++) w[j] *= scale
    scale = 1
  }
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    shuffleInPlace(order, rand)
    let loss = 0
    for (const i of order) {
      const lr = opt.learningRate * (1 - step / total) + 1e-3
      step++
      const v = vectors[i]
      const b = bias[scripts[i]]
      const z = [b[0], b[1]]
      for (let j = 0; j < v.indices.length; j++) {
        const evidence = w[v.indices[j]] * v.values[j] * scale
        const polarity = w[D + v.indices[j]] * v.values[j] * scale
        z[0] += evidence - polarity / 2
        z[1] += evidence + polarity / 2
      }
      const max = Math.max(0, z[0], z[1])
      const ex = [Math.exp(z[0] - max), Math.exp(z[1] - max)]
      const sum = ex[0] + ex[1] + Math.exp(-max)
      const y = rows[i].label
      loss -= Math.log((y === NEUTRAL ? Math.exp(-max) : ex[y]) / sum + 1e-12)
      scale *= 1 - lr * opt.l2
      const floor = opt.minRelativeWeight / scale
      const g = [ex[0] / sum - (y === 0 ? 1 : 0), ex[1] / sum - (y === 1 ? 1 : 0)]
      const gEvidence = (lr * (g[0] + g[1])) / scale
      const gPolarity = (lr * (g[1] - g[0])) / 2 / scale
      for (let j = 0; j < v.indices.length; j++) {
        const k = v.indices[j]
        w[k] = Math.max(floor, w[k] - gEvidence * v.values[j])
        w[D + k] -= gPolarity * v.values[j]
      }
      b[0] -= lr * g[0]
      b[1] -= lr * g[1]
      if (scale < 1e-6) flush()
      // Average the iterates of the second half of training (Polyak-Ruppert), sampled evenly.
      if (step > total / 2 && step % every === 0) {
        flush()
        for (let j = 0; j < w.length; j++) avg[j] += w[j]
        for (const s of ['han', 'latin'] as const) for (let c = 0; c < 2; c++) avgBias[s][c] += bias[s][c]
        snapshots++
      }
    }
    if (process.env.TRAIN_VERBOSE) console.log(`epoch ${epoch + 1}: mean loss ${(loss / order.length).toFixed(4)}`)
  }
  flush()
  if (snapshots === 0) return { w, bias }
  for (let j = 0; j < avg.length; j++) avg[j] /= snapshots
  for (const s of ['han', 'latin'] as const) for (let c = 0; c < 2; c++) avgBias[s][c] /= snapshots
  return { w: avg, bias: avgBias }
}

const round = (x: number) => Math.round(x * 1000) / 1000

/** [negative, positive] logits of the `keep` features with the strongest weights. */
export function prune(w: Float64Array, opt: TrainOptions): Record<string, ClassLogits> {
  const D = SENTIMENT_HASH_SPACE
  const logits = (j: number): ClassLogits => [w[j] - w[D + j] / 2, w[j] + w[D + j] / 2]
  const strength = (j: number) => Math.max(...logits(j).map(Math.abs))
  const idx: number[] = []
  for (let j = 0; j < D; j++) if (strength(j) >= opt.minAbsWeight) idx.push(j)
  idx.sort((a, b) => strength(b) - strength(a))
  const weights: Record<string, ClassLogits> = {}
  for (const j of idx.slice(0, opt.keep).sort((a, b) => a - b)) weights[j] = logits(j).map(round) as ClassLogits
  return weights
}

/** All training rows, and the visiting order of one epoch (hand-written neutral rows repeated). */
export function trainingRows(splits: Pick<ReturnType<typeof sentimentSplits>, 'train' | 'neutralTrain'> = sentimentSplits(sentimentData()), opt: TrainOptions = TRAIN_OPTIONS) {
  const rows: Row[] = [...splits.train, ...splits.neutralTrain.public]
  const order = rows.map((_, i) => i)
  for (const lang of ['en', 'zh'] as const) {
    for (const r of splits.neutralTrain.handWritten[lang]) {
      rows.push(r)
      for (let k = 0; k < opt.handWrittenRepeats[lang]; k++) order.push(rows.length - 1)
    }
    for (const r of splits.neutralTrain.replies[lang]) {
      rows.push(r)
      for (let k = 0; k < opt.replyRepeats[lang]; k++) order.push(rows.length - 1)
    }
  }
  if (opt.lexicon.repeats > 0) {
    for (const r of lexiconRows(opt.lexicon.minAbs)) {
      rows.push(r)
      for (let k = 0; k < opt.lexicon.repeats; k++) order.push(rows.length - 1)
    }
  }
  return { rows, order }
}

export function buildModel(rows: Row[], order: number[], opt: TrainOptions = TRAIN_OPTIONS, features: SentimentFeatureOptions = SENTIMENT_FEATURES, vectors = rows.map((r) => sentimentVector(r.text, features))): SentimentModelFile {
  const { w, bias } = trainSoftmax(rows, vectors, opt, [...order])
  return {
    header: {
      description: 'Parley local sentiment: three-class logistic regression (negative / positive against neutral support traffic) over hashed features (see sentiment-features.ts). Each weight is [negative, positive] logit relative to neutral.',
      rebuild: 'npx tsx src/models/local/train-sentiment.ts',
      featureVersion: SENTIMENT_FEATURE_VERSION,
      features,
      hashSpace: SENTIMENT_HASH_SPACE,
      trainedOn: rows.length,
      attribution: [
        'SST-2 (Socher et al. 2013, via GLUE; licence: none stated) from awake020/pytorch_Bert_sst2 @ ce2ab17, SST-2/train.tsv, 90% seeded split less the phrases of held-out sentences',
        'Amazon and IMDb sentiment cells (Kotzias et al. 2015, UCI; CC BY 4.0), 50% seeded split of each',
        'ChnSentiCorp_htl_all (collected by SophonPlus; licence: none stated) from SophonPlus/ChineseNlpCorpus @ a0b781d7, 90% seeded split',
        'online_shopping_10_cats (collected by SophonPlus; licence: none stated) from SophonPlus/ChineseNlpCorpus @ a0b781d7, 90% seeded split',
        'Neutral: BANKING77 (Casanueva et al. 2020; CC BY 4.0) from PolyAI-LDN/task-specific-datasets @ 57ec275d, 80% seeded split',
        'Neutral: CLINC150 (Larson et al. 2019; CC BY 3.0) from clinc/oos-eval @ 828f8093, train and oos_train',
        "Neutral: Parley's own hand-written support messages (data/support-neutral-en.txt, -zh.txt), 80% seeded split",
        'English words with |valence| >= 1 from the VADER lexicon (Hutto & Gilbert 2014; MIT) as shipped in the vader-sentiment 1.1.3 npm package (Apache-2.0), as one-word polar rows',
      ],
    },
    bias: { han: [round(bias.han[0]), round(bias.han[1])], latin: [round(bias.latin[0]), round(bias.latin[1])] },
    weights: prune(w, opt),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, order } = trainingRows()
  const model = buildModel(rows, order)
  const path = fileURLToPath(new URL('./sentiment-model.json', import.meta.url))
  writeFileSync(path, JSON.stringify(model) + '\n')
  console.log(`wrote ${path}: ${Object.keys(model.weights).length} weights, bias ${JSON.stringify(model.bias)}, trained on ${model.header.trainedOn} rows`)
}

/**
 * Trains the local sentiment model and writes src/models/local/sentiment-model.json.
 * Run: npx tsx src/models/local/train-sentiment.ts   (datasets: ../shared/datasets or $PARLEY_DATASETS)
 * Binary logistic regression on hashed words/bigrams (negation- and contrast-aware, see
 * sentiment-features.ts) and Han character n-grams, trained by seeded SGD with L2 and iterate
 * averaging, then pruned to the strongest weights to stay small.
 *
 * SST-2's train file is mostly short phrases cut from its ~6.9k sentences. Weighting rows by length
 * (whole sentences fully, short phrases less) was tried and lost 1-2 points on the held-out Amazon
 * and IMDb halves: the short phrases act as a sentiment lexicon, which is what carries to other domains.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Labelled, Polarity } from './datasets.js'
import { mulberry32, shuffleInPlace } from './random.js'
import { sentimentData, sentimentSplits } from './sentiment-data.js'
import { SENTIMENT_FEATURES, SENTIMENT_FEATURE_VERSION, SENTIMENT_HASH_SPACE, sentimentVector, type SentimentFeatureOptions, type SentimentVector } from './sentiment-features.js'
import type { SentimentModelFile } from './sentiment.js'

export interface TrainOptions {
  epochs: number
  learningRate: number
  l2: number
  keep: number
  minAbsWeight: number
}

export const TRAIN_OPTIONS: TrainOptions = { epochs: 16, learningRate: 0.8, l2: 1e-6, keep: 80_000, minAbsWeight: 0.03 }

/** Seeded SGD on logistic loss; the returned weights are the average of the late iterates. */
export function trainLogistic(rows: Labelled<Polarity>[], vectors: SentimentVector[], opt: TrainOptions) {
  const w = new Float64Array(SENTIMENT_HASH_SPACE)
  const avg = new Float64Array(SENTIMENT_HASH_SPACE)
  let bias = 0
  let avgBias = 0
  let snapshots = 0
  let scale = 1
  const order = rows.map((_, i) => i)
  const rand = mulberry32(99)
  const total = opt.epochs * rows.length
  const every = Math.max(1, Math.floor(rows.length / 8))
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
      let z = bias
      for (let j = 0; j < v.indices.length; j++) z += w[v.indices[j]] * v.values[j] * scale
      const p = 1 / (1 + Math.exp(-z))
      const y = rows[i].label
      loss -= y ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12)
      const g = p - y
      scale *= 1 - lr * opt.l2
      for (let j = 0; j < v.indices.length; j++) w[v.indices[j]] -= (lr * g * v.values[j]) / scale
      bias -= lr * g
      if (scale < 1e-6) flush()
      // Average the iterates of the second half of training (Polyak-Ruppert), sampled evenly.
      if (step > total / 2 && step % every === 0) {
        flush()
        for (let j = 0; j < w.length; j++) avg[j] += w[j]
        avgBias += bias
        snapshots++
      }
    }
    if (process.env.TRAIN_VERBOSE) console.log(`epoch ${epoch + 1}: mean loss ${(loss / rows.length).toFixed(4)}`)
  }
  flush()
  if (snapshots === 0) return { w, bias }
  for (let j = 0; j < avg.length; j++) avg[j] /= snapshots
  return { w: avg, bias: avgBias / snapshots }
}

export function prune(w: Float64Array, opt: TrainOptions): Record<string, number> {
  const idx = [...w.keys()].filter((j) => Math.abs(w[j]) >= opt.minAbsWeight)
  idx.sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]))
  const kept = idx.slice(0, opt.keep).sort((a, b) => a - b)
  const out: Record<string, number> = {}
  for (const j of kept) out[j] = Math.round(w[j] * 1000) / 1000
  return out
}

export function buildModel(rows: Labelled<Polarity>[], opt: TrainOptions = TRAIN_OPTIONS, features: SentimentFeatureOptions = SENTIMENT_FEATURES, vectors = rows.map((r) => sentimentVector(r.text, features))): SentimentModelFile {
  const { w, bias } = trainLogistic(rows, vectors, opt)
  return {
    header: {
      description: 'Parley local sentiment: binary logistic regression over hashed features (see sentiment-features.ts).',
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
      ],
    },
    bias: Math.round(bias * 1000) / 1000,
    weights: prune(w, opt),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { train } = sentimentSplits(sentimentData())
  const model = buildModel(train)
  const path = fileURLToPath(new URL('./sentiment-model.json', import.meta.url))
  writeFileSync(path, JSON.stringify(model) + '\n')
  console.log(`wrote ${path}: ${Object.keys(model.weights).length} weights, bias ${model.bias}, trained on ${model.header.trainedOn} rows`)
}

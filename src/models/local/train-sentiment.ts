/**
 * Trains the local sentiment model and writes src/models/local/sentiment-model.json.
 * Run: npx tsx src/models/local/train-sentiment.ts   (datasets: ../shared/datasets or $PARLEY_DATASETS)
 * Binary logistic regression on hashed words/bigrams (negation-marked) and Han character n-grams,
 * trained by seeded SGD, then pruned to the strongest weights to stay small.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { mulberry32, shuffleInPlace } from './random.js'
import { sentimentSplits } from './sentiment-data.js'
import { SENTIMENT_FEATURES, SENTIMENT_FEATURE_VERSION, SENTIMENT_HASH_SPACE, sentimentVector } from './sentiment-features.js'
import type { SentimentModelFile } from './sentiment.js'

const EPOCHS = 6
const LEARNING_RATE = 0.8
const L2 = 2e-6
const KEEP = 60_000
const MIN_ABS_WEIGHT = 0.05

function train() {
  const { train: rows } = sentimentSplits()
  const vectors = rows.map((r) => sentimentVector(r.text))
  const w = new Float64Array(SENTIMENT_HASH_SPACE)
  let bias = 0
  let scale = 1
  const order = rows.map((_, i) => i)
  const rand = mulberry32(99)
  const total = EPOCHS * rows.length
  let step = 0
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    shuffleInPlace(order, rand)
    let loss = 0
    for (const i of order) {
      const lr = LEARNING_RATE * (1 - step++ / total) + 1e-3
      const v = vectors[i]
      let z = bias
      for (let j = 0; j < v.indices.length; j++) z += w[v.indices[j]] * v.values[j] * scale
      const p = 1 / (1 + Math.exp(-z))
      const y = rows[i].label
      loss -= y ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12)
      const g = p - y
      scale *= 1 - lr * L2
      for (let j = 0; j < v.indices.length; j++) w[v.indices[j]] -= (lr * g * v.values[j]) / scale
      bias -= lr * g
      if (scale < 1e-6) {
        for (let j = 0; j < w.length; j++) w[j] *= scale
        scale = 1
      }
    }
    console.log(`epoch ${epoch + 1}: mean loss ${(loss / rows.length).toFixed(4)}`)
  }
  for (let j = 0; j < w.length; j++) w[j] *= scale
  return { w, bias, trainedOn: rows.length }
}

function prune(w: Float64Array): Record<string, number> {
  const idx = [...w.keys()].filter((j) => Math.abs(w[j]) >= MIN_ABS_WEIGHT)
  idx.sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]))
  const kept = idx.slice(0, KEEP).sort((a, b) => a - b)
  const out: Record<string, number> = {}
  for (const j of kept) out[j] = Math.round(w[j] * 1000) / 1000
  return out
}

const { w, bias, trainedOn } = train()
const model: SentimentModelFile = {
  header: {
    description: 'Parley local sentiment: binary logistic regression over hashed features (see sentiment-features.ts).',
    rebuild: 'npx tsx src/models/local/train-sentiment.ts',
    featureVersion: SENTIMENT_FEATURE_VERSION,
    features: SENTIMENT_FEATURES,
    hashSpace: SENTIMENT_HASH_SPACE,
    trainedOn,
    attribution: [
      'SST-2 (Socher et al. 2013, via GLUE; licence: none stated) from awake020/pytorch_Bert_sst2 @ ce2ab17, SST-2/train.tsv, 90% seeded split',
      'ChnSentiCorp_htl_all (collected by SophonPlus; licence: none stated) from SophonPlus/ChineseNlpCorpus @ a0b781d7, 90% seeded split',
      'online_shopping_10_cats (collected by SophonPlus; licence: none stated) from SophonPlus/ChineseNlpCorpus @ a0b781d7, 90% seeded split',
    ],
  },
  bias: Math.round(bias * 1000) / 1000,
  weights: prune(w),
}
const path = fileURLToPath(new URL('./sentiment-model.json', import.meta.url))
writeFileSync(path, JSON.stringify(model) + '\n')
console.log(`wrote ${path}: ${Object.keys(model.weights).length} weights, bias ${model.bias}`)

/**
 * Tuning harness for the sentiment model: trains candidates on the training side less the validation
 * rows of validationSplits() (sentiment-data.ts) and scores them on those rows only. The held-out test
 * rows (measure-sentiment.ts) are never read here.
 *
 * Run: npx tsx src/models/local/tune-sentiment.ts '[{"name":"base"},{"name":"l2","train":{"l2":3e-6}}]'
 * Each candidate may override train options, feature options and analyzer options; feature vectors
 * are computed once per feature setting.
 */
import { sentimentData, supportNeutralData, validationSplits } from './sentiment-data.js'
import { SENTIMENT_FEATURES, sentimentVector, type SentimentFeatureOptions } from './sentiment-features.js'
import { createLocalSentiment, type SentimentOptions } from './sentiment.js'
import { TRAIN_OPTIONS, buildModel, trainingRows, type TrainOptions } from './train-sentiment.js'

export interface Candidate {
  name: string
  train?: Partial<TrainOptions>
  features?: Partial<SentimentFeatureOptions>
  analyzer?: SentimentOptions
}

const pct = (x: number) => (100 * x).toFixed(1)

export async function tune(candidates: Candidate[]) {
  const val = validationSplits(sentimentData(), supportNeutralData())
  const cache = new Map<string, ReturnType<typeof sentimentVector>[]>()
  const out: string[] = []
  for (const c of candidates) {
    const opt: TrainOptions = { ...TRAIN_OPTIONS, ...c.train }
    const features: SentimentFeatureOptions = { ...SENTIMENT_FEATURES, ...c.features }
    const { rows, order } = trainingRows(val.train, opt)
    const key = JSON.stringify(features)
    const t0 = performance.now()
    if (!cache.has(key)) cache.set(key, rows.map((r) => sentimentVector(r.text, features)))
    const model = buildModel(rows, order, opt, features, cache.get(key))
    const trainSeconds = (performance.now() - t0) / 1000
    const analyzer = createLocalSentiment(c.analyzer ?? {}, model)
    const cells: string[] = []
    const polar: number[] = []
    let calls = 0
    const started = performance.now()
    for (const [name, rs] of Object.entries(val.polar)) {
      let right = 0
      let labelRight = 0
      for (const r of rs) {
        const { score, label } = await analyzer.analyze(r.text)
        calls++
        if ((score > 0 ? 1 : 0) === r.label) right++
        if (label === (r.label ? 'positive' : 'negative')) labelRight++
      }
      polar.push(right / rs.length)
      cells.push(`${name} ${pct(right / rs.length)} (3-way ${pct(labelRight / rs.length)})`)
    }
    const neutral: number[] = []
    for (const [name, rs] of Object.entries(val.neutral)) {
      let n = 0
      for (const r of rs) if ((await analyzer.analyze(r.text)).label === 'neutral') n++
      calls += rs.length
      neutral.push(n / rs.length)
      cells.push(`${name} neutral ${pct(n / rs.length)}`)
    }
    const ms = (performance.now() - started) / calls
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const line = `${c.name}: polar mean ${pct(mean(polar))} | neutral mean ${pct(mean(neutral))} | ${cells.join(' | ')} | ${Object.keys(model.weights).length} weights, ${(JSON.stringify(model).length / 1e6).toFixed(2)} MB, ${ms.toFixed(3)} ms/analyze, trained in ${trainSeconds.toFixed(0)} s`
    console.log(line)
    out.push(line)
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await tune(JSON.parse(process.argv[2] ?? '[{"name":"current settings"}]'))
}

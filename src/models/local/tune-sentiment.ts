/**
 * Tuning harness for the sentiment model: trains candidates on the training side less the validation
 * rows of validationSplits() (sentiment-data.ts) and scores them on those rows only. The held-out test
 * rows (measure-sentiment.ts) are never read here.
 *
 * Run: npx tsx src/models/local/tune-sentiment.ts '[{"name":"base"},{"name":"l2","train":{"l2":3e-6}}]'
 * Each candidate may override train options, feature options and analyzer options; feature vectors
 * are computed once per feature setting.
 */
import { readFileSync, writeFileSync } from 'node:fs'
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
  const cache = new Map<string, Map<string, ReturnType<typeof sentimentVector>>>()
  const out: string[] = []
  for (const c of candidates) {
    const opt: TrainOptions = { ...TRAIN_OPTIONS, ...c.train }
    const features: SentimentFeatureOptions = { ...SENTIMENT_FEATURES, ...c.features }
    const { rows, order } = trainingRows(val.train, opt)
    const key = JSON.stringify(features)
    const t0 = performance.now()
    const byText = cache.get(key) ?? new Map()
    cache.set(key, byText)
    const vectors = rows.map((r) => byText.get(r.text) ?? byText.set(r.text, sentimentVector(r.text, features)).get(r.text)!)
    const model = buildModel(rows, order, opt, features, vectors)
    const trainSeconds = (performance.now() - t0) / 1000
    if (process.env.TUNE_SAVE) writeFileSync(`${process.env.TUNE_SAVE}-${c.name.replace(/\W+/g, '_')}.json`, JSON.stringify(model))
    const errors: string[] = []
    const analyzer = createLocalSentiment(c.analyzer ?? {}, model)
    const cells: string[] = []
    const polar: number[] = []
    let calls = 0
    let zero = 0
    const started = performance.now()
    for (const [name, rs] of Object.entries(val.polar)) {
      let right = 0
      let labelRight = 0
      for (const r of rs) {
        const { score, label } = await analyzer.analyze(r.text)
        calls++
        if (score === 0) zero++
        if ((score > 0 ? 1 : 0) === r.label) right++
        else errors.push(`${name}\t${r.label}\t${score}\t${r.text}`)
        if (label === (r.label ? 'positive' : 'negative')) labelRight++
      }
      polar.push(right / rs.length)
      cells.push(`${name} ${pct(right / rs.length)} (3-way ${pct(labelRight / rs.length)})`)
    }
    const neutral: number[] = []
    for (const [name, rs] of Object.entries(val.neutral)) {
      let n = 0
      for (const r of rs) {
        const { label, score } = await analyzer.analyze(r.text)
        if (label === 'neutral') n++
        else errors.push(`${name}\t${label}\t${score}\t${r.text}`)
      }
      calls += rs.length
      neutral.push(n / rs.length)
      cells.push(`${name} neutral ${pct(n / rs.length)}`)
    }
    // Own support-chat messages: -val was read while writing the support cues, -fresh was written after
    // they were frozen (2026-12-05) and is the fairer check of them.
    for (const file of ['val', 'fresh']) {
      const support: Record<string, [number, number]> = { negative: [0, 0], neutral: [0, 0], positive: [0, 0] }
      for (const line of readFileSync(new URL(`./data/support-polar-${file}.tsv`, import.meta.url), 'utf8').split('\n')) {
        const [gold, text] = line.split('\t')
        if (!text) continue
        const { label, score } = await analyzer.analyze(text)
        support[gold][1]++
        if (label === gold) support[gold][0]++
        else errors.push(`support-${file} ${gold}\t${label}\t${score}\t${text}`)
      }
      cells.unshift(`support chat (${file}): ${Object.entries(support).filter(([, [, n]]) => n).map(([k, [r, n]]) => `${k} ${r}/${n}`).join(', ')}`)
    }
    const ms = (performance.now() - started) / calls
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const line = `${c.name}: polar mean ${pct(mean(polar))} | neutral mean ${pct(mean(neutral))} | ${cells.join(' | ')} | ${zero} polar rows scored 0 | ${Object.keys(model.weights).length} weights, ${(JSON.stringify(model).length / 1e6).toFixed(2)} MB, ${ms.toFixed(3)} ms/analyze, trained in ${trainSeconds.toFixed(0)} s`
    console.log(line)
    if (process.env.TUNE_SAVE) writeFileSync(`${process.env.TUNE_SAVE}-${c.name.replace(/\W+/g, '_')}.errors.tsv`, errors.join('\n') + '\n')
    out.push(line)
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await tune(JSON.parse(process.argv[2] ?? '[{"name":"current settings"}]'))
}

/**
 * Sentiment figures: binary polarity (sign of score) on held-out rows (see sentiment-data.ts for
 * which rows were trained on), label shares, and the mean time of one analyze() call.
 */
import { createLocalSentiment } from './sentiment.js'
import { sentimentSplits } from './sentiment-data.js'

const pct = (x: number) => (100 * x).toFixed(1) + '%'

export async function measureSentiment() {
  const lines: string[] = []
  const analyzer = createLocalSentiment()
  let calls = 0
  const started = performance.now()
  for (const [name, rows] of Object.entries(sentimentSplits().heldOut)) {
    let correct = 0
    let agreeingLabels = 0
    for (const r of rows) {
      const { score, label } = await analyzer.analyze(r.text)
      calls++
      if ((score > 0 ? 1 : 0) === r.label) correct++
      if (label === (r.label ? 'positive' : 'negative')) agreeingLabels++
    }
    lines.push(`${name} (n=${rows.length}): polarity accuracy ${pct(correct / rows.length)}; 3-way label matches gold ${pct(agreeingLabels / rows.length)} (rest neutral or wrong)`)
  }
  lines.push(`mean analyze() time: ${((performance.now() - started) / calls).toFixed(3)} ms over ${calls} texts`)
  return lines
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await measureSentiment()) console.log(line)
}

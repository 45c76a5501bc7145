/** Sentiment figures: binary polarity (sign of score) on held-out rows, and label shares. */
import { createLocalSentiment } from './sentiment.js'
import { sentimentSplits } from './sentiment-data.js'

const pct = (x: number) => (100 * x).toFixed(1) + '%'

export async function measureSentiment() {
  const lines: string[] = []
  const analyzer = createLocalSentiment()
  for (const [name, rows] of Object.entries(sentimentSplits().heldOut)) {
    let correct = 0
    let agreeingLabels = 0
    for (const r of rows) {
      const { score, label } = await analyzer.analyze(r.text)
      if ((score > 0 ? 1 : 0) === r.label) correct++
      if (label === (r.label ? 'positive' : 'negative')) agreeingLabels++
    }
    lines.push(`${name} (n=${rows.length}): polarity accuracy ${pct(correct / rows.length)}; 3-way label matches gold ${pct(agreeingLabels / rows.length)} (rest neutral or wrong)`)
  }
  return lines
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await measureSentiment()) console.log(line)
}

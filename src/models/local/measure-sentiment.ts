/**
 * Sentiment figures: binary polarity (sign of score) on held-out review rows, the neutral share on
 * held-out support traffic (see sentiment-data.ts for which rows were trained on), and the mean time
 * of one analyze() call.
 */
import { createLocalSentiment } from './sentiment.js'
import { sentimentSplits } from './sentiment-data.js'

const pct = (x: number) => (100 * x).toFixed(1) + '%'

export async function measureSentiment() {
  const lines: string[] = []
  const analyzer = createLocalSentiment()
  let calls = 0
  const started = performance.now()
  const { heldOut, neutralHeldOut } = sentimentSplits()
  for (const [name, rows] of Object.entries(heldOut)) {
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
  for (const [name, rows] of Object.entries(neutralHeldOut)) {
    const counts = { negative: 0, neutral: 0, positive: 0 }
    for (const r of rows) {
      counts[(await analyzer.analyze(r.text)).label]++
      calls++
    }
    lines.push(`${name} (n=${rows.length}): neutral ${pct(counts.neutral / rows.length)}, negative ${pct(counts.negative / rows.length)}, positive ${pct(counts.positive / rows.length)}`)
  }
  lines.push(`mean analyze() time: ${((performance.now() - started) / calls).toFixed(3)} ms over ${calls} texts`)
  return lines
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await measureSentiment()) console.log(line)
}

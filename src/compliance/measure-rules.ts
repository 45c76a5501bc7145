/**
 * Prints precision, recall, F1 and false-positive rate for the unsafe, advertising, leakage and
 * grounding rule families on the hand-written held-out cases in eval/<family>-cases.jsonl, or with
 * --dev on the dev cases in eval/dev/ (the ones rules are tuned on; misses are shown only for those
 * by habit).
 *   npx tsx src/compliance/measure-rules.ts [--dev] [--show-misses]
 */
import { createComplianceEngine } from './engine.js'
import { type CaseSet, FAMILIES, type Family, type Figures, groupedFigures, measureFamily, type Outcome } from './eval/rule-cases.js'

const PATHS: Record<Family, string> = {
  unsafe: 'checkInput on customer messages',
  advertising: 'checkOutput on replies',
  leakage: 'checkOutput on replies; leakage and pii_echo decisions count',
  grounding: 'checkOutput on replies with the passages they are written from',
}

const showMisses = process.argv.includes('--show-misses')
const set: CaseSet = process.argv.includes('--dev') ? 'dev' : 'held-out'
const engine = createComplianceEngine({})
const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7)

function row(key: string, f: Figures): string {
  const recall = f.positives ? `${pct(f.recall)} (${f.tp}/${f.positives})` : '      -'
  const fpRate = f.negatives ? `${pct(f.fpRate)} (${f.fp}/${f.negatives})` : '      -'
  return `  ${key.padEnd(26)} precision ${pct(f.precision)}  recall ${recall.padEnd(16)} F1 ${pct(f.f1)}  FP rate ${fpRate}`
}

function misses(outcomes: readonly Outcome[]): void {
  for (const o of outcomes) {
    if (o.flagged === o.case.expected) continue
    const kind = o.case.expected ? 'miss' : 'fp  '
    const fired = o.decisions.map((d) => `${d.ruleId}[${d.spans.map((s) => s.text).join('|')}]`).join(' ')
    console.log(`    ${kind} ${o.case.category} ${o.case.lang}: ${JSON.stringify(o.case.text)}${fired ? `  <- ${fired}` : ''}`)
  }
}

for (const family of FAMILIES) {
  const outcomes = await measureFamily(engine, family, set)
  console.log(`\n== ${family}, ${set} cases (${PATHS[family]}) ==`)
  for (const [key, f] of groupedFigures(outcomes)) console.log(row(key, f))
  if (showMisses) misses(outcomes)
}

/**
 * Prints the compliance figures.
 *   npx tsx src/compliance/measure.ts            # held-out (test) half: the honest numbers
 *   npx tsx src/compliance/measure.ts --split train [--show-misses]
 */
import { createComplianceEngine } from './engine.js'
import * as ds from './eval/datasets.js'
import { invalidVectors, validVectors } from './eval/pii-vectors.js'
import { injectionDecision } from './rules/injection.js'
import { detectPii } from './rules/pii.js'

const split: ds.Split = process.argv.includes('--split') && process.argv[process.argv.indexOf('--split') + 1] === 'train' ? 'train' : 'test'
const showMisses = process.argv.includes('--show-misses')
const engine = createComplianceEngine({})
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(2)}% (${a}/${b})`
const inSplit = (xs: ds.Example[]) => xs.filter((x) => ds.splitOf(x.key) === split)

function byGroup(xs: ds.Example[], hit: (e: ds.Example) => boolean, label: string, show = false) {
  const groups = new Map<string, [number, number]>()
  let hits = 0
  for (const e of xs) {
    const h = hit(e)
    hits += Number(h)
    const g = groups.get(e.group) ?? [0, 0]
    groups.set(e.group, [g[0] + Number(h), g[1] + 1])
    if (show && showMisses && !h) console.log(`   miss ${e.group}: ${JSON.stringify(e.text.slice(0, 160))}`)
    if (show && showMisses && h && label.startsWith('FP')) console.log(`   fp ${e.group}: ${JSON.stringify(e.text.slice(0, 160))}`)
  }
  console.log(`${label}: ${pct(hits, xs.length)}`)
  for (const [g, [a, b]] of [...groups].sort()) if (groups.size > 1) console.log(`    ${g}: ${pct(a, b)}`)
}

// ---- PII ----
console.log('== PII (generated vectors, seeded) ==')
const valid = validVectors(500)
const found = valid.filter((v) => detectPii(v.text).some((m) => m.type === v.type && m.text.replace(/\s/g, '') === v.value.replace(/\s/g, '')))
console.log(`recall (valid, ${valid.length} vectors, en+zh): ${pct(found.length, valid.length)}`)
for (const t of [...new Set(valid.map((v) => v.type))]) {
  const vs = valid.filter((v) => v.type === t)
  console.log(`    ${t}: ${pct(vs.filter((v) => found.includes(v)).length, vs.length)}`)
}
if (showMisses) for (const v of valid.filter((x) => !found.includes(x)).slice(0, 20)) console.log(`   miss ${v.type}: ${v.text}`)
const invalid = invalidVectors(500)
const rejected = invalid.filter((v) => !detectPii(v.text).some((m) => m.type === v.type))
console.log(`checksum-broken vectors rejected as their type: ${pct(rejected.length, invalid.length)}`)
const benignAll = [...ds.benign('en'), ...ds.benign('zh')]
byGroup(benignAll, (e) => detectPii(e.text).length > 0, 'FP PII on own benign messages (all, no PII in them)', true)
byGroup(ds.banking77(), (e) => detectPii(e.text).length > 0, 'FP PII on banking77 (all)', true)

// ---- Injection ----
console.log(`\n== Injection (${split} split) ==`)
const input = async (xs: ds.Example[], label: string) => {
  const flagged = new Set<ds.Example>()
  for (const e of xs) if ((await engine.checkInput(e.text, { lang: 'en' })).decisions.some((d) => d.category === 'injection')) flagged.add(e)
  byGroup(xs, (e) => flagged.has(e), label, true)
}
await input(inSplit(ds.promptInjections()), 'detected: prompt_injections.csv (Giskard groups) via checkInput')
await input(inSplit(ds.jbbPrompts()), 'detected: JailbreakBench attack prompts via checkInput')
await input(inSplit(ds.ownAttacks()), 'detected: own short attacks en/zh (data/attacks-own.txt) via checkInput')
const passHit = (e: ds.Example) => engine.checkPassage(e.text).some((d) => d.action === 'block')
byGroup(inSplit(ds.bipiaPassages()), passHit, 'detected: BIPIA attacks inside e-mails via checkPassage', true)
byGroup(inSplit(ds.bipiaAttacks()), passHit, 'detected: BIPIA attack text alone via checkPassage')
byGroup(ds.ownPassagesPlanted(), passHit, 'detected: own passage attacks (data/attacks-passage-own.txt, all; never trained on) in e-mails and KB passages via checkPassage', true)
byGroup(ds.freshPassagesPlanted(), passHit, 'detected: fresh passage attacks (data/attacks-passage-fresh.txt, all; reported only) in e-mails and KB passages via checkPassage', true)

console.log(`\n== Injection false positives (${split} split) ==`)
await input(inSplit(ds.benign('en')), 'FP own benign en (checkInput)')
await input(inSplit(ds.benign('zh')), 'FP own benign zh (checkInput)')
await input(inSplit(ds.banking77()), 'FP banking77 (checkInput)')
await input(inSplit(ds.clinc150()), 'FP clinc150 incl. out-of-scope (checkInput)')
await input(inSplit(ds.chineseReviews()), 'FP zh shopping reviews (checkInput)')
byGroup(inSplit(ds.bipiaEmails()), passHit, 'FP clean BIPIA e-mails (checkPassage)', true)
byGroup(inSplit(ds.kbPassages()), passHit, 'FP doc2dial KB passages (checkPassage)', true)
byGroup(ds.benignPassagesPlanted(), passHit, 'FP own instruction-like help sentences (data/benign-passages.txt, all; never trained on) in KB passages (checkPassage)', true)
byGroup(ds.freshBenignPassagesPlanted(), passHit, 'FP fresh help-centre sentences (data/benign-passages-fresh.txt, all; reported only) in KB passages (checkPassage)', true)
byGroup(inSplit(ds.ownBenignPassagesZhPlanted()), passHit, `FP own Chinese help-centre sentences (data/benign-passages-train-zh.txt, ${split} half; the train half is a training negative) in KB passages (checkPassage)`, true)
const demoKb = await ds.demoKbPassages()
byGroup(demoKb, passHit, 'FP demo help-center KB chunks, all (checkPassage; never trained on)', true)

// ---- Latency: the scorer itself (checkPassage memoises verdicts per text; this bypasses the memo) ----
function perCall(texts: string[], mode: 'input' | 'passage'): string {
  for (const t of texts.slice(0, 200)) injectionDecision(t, mode, 'en') // warm-up
  const rounds = 3
  const t0 = performance.now()
  for (let r = 0; r < rounds; r++) for (const t of texts) injectionDecision(t, mode, 'en')
  const ms = (performance.now() - t0) / (rounds * texts.length)
  return `${(ms * 1000).toFixed(0)} µs/call over ${texts.length} texts, mean ${Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length)} chars`
}
console.log('\n== Injection scorer latency ==')
console.log(`passage (doc2dial KB, ${split}): ${perCall(inSplit(ds.kbPassages()).map((e) => e.text), 'passage')}`)
console.log(`passage (demo KB chunks): ${perCall(demoKb.map((e) => e.text), 'passage')}`)
console.log(`passage (BIPIA e-mails with attacks, ${split}): ${perCall(inSplit(ds.bipiaPassages()).map((e) => e.text), 'passage')}`)
console.log(`input (banking77, ${split}, first 2000): ${perCall(inSplit(ds.banking77()).slice(0, 2000).map((e) => e.text), 'input')}`)

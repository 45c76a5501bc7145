import { readFileSync } from 'node:fs'
import { tokenF1 } from './evals/metrics/token-f1.js'
import { splitSentences } from './src/models/local/sentences.js'
const r = JSON.parse(readFileSync('/tmp/dd0/report.json','utf8'))
let n=0, anySent=0, wholeF1=0, bestSentOk=0, lens:number[]=[], goldLens:number[]=[]
for (const c of r.cases) {
  if (!c.checks.retrieval_hit_at_1 || c.checks.answer) continue
  n++
  const gold = c.expected.answer_span as string, msg = c.got.message as string ?? ''
  const sents = splitSentences(msg).map((s:any)=>s.text)
  const best = Math.max(0, ...sents.map((s:string)=>tokenF1(s, gold)))
  if (best >= 0.5) bestSentOk++
  lens.push(msg.length); goldLens.push(gold.length)
  if (n <= 6) console.log('\nQ:', c.input, '\nGOLD:', gold.slice(0,300), '\nGOT:', msg.slice(0,400), '\nF1', tokenF1(msg, gold).toFixed(2), 'best sent', best.toFixed(2))
}
const med=(a:number[])=>a.sort((x,y)=>x-y)[a.length>>1]
console.log({n, bestSentOk, medLen: med(lens), medGold: med(goldLens)})

/**
 * Embedder and answerer figures on doc2dial (dev questions, first turns): the 273-document KB is
 * cut into ~800-character chunks, every question retrieves by cosine, and the answerer replies from
 * the top 3 chunks. Reports document hit@1/@5 and how often the answer overlaps the gold span.
 */
import type { Passage } from '../types.js'
import { words } from '../../text/tokenize.js'
import { createExtractiveAnswerer } from './answerer.js'
import { readDataset } from './datasets.js'
import { createLocalEmbedder } from './embedder.js'
import { splitSentences } from './sentences.js'

const pct = (x: number) => (100 * x).toFixed(1) + '%'

function chunkDoc(docId: string, title: string, text: string): Passage[] {
  const out: Passage[] = []
  let buf = ''
  for (const s of splitSentences(text)) {
    if (buf && buf.length + s.text.length > 800) {
      out.push({ chunkId: `${docId}#${out.length}`, docId, title, url: null, text: buf, score: 0 })
      buf = ''
    }
    buf += (buf ? '\n' : '') + s.text
  }
  if (buf) out.push({ chunkId: `${docId}#${out.length}`, docId, title, url: null, text: buf, score: 0 })
  return out
}

/** Share of the gold answer's words that the reply contains. */
function recallOf(gold: string, reply: string): number {
  const g = words(gold)
  const r = new Set(words(reply))
  return g.length ? g.filter((w) => r.has(w)).length / g.length : 0
}

export async function measureRetrieval(dim = 512) {
  const docs = readDataset('doc2dial', 'kb_docs.jsonl').trim().split('\n').map((l) => JSON.parse(l) as { doc_id: string; title: string; text: string })
  const questions = readDataset('doc2dial', 'questions_dev.jsonl').trim().split('\n').map((l) => JSON.parse(l) as { question: string; doc_id: string; answers: string[]; first_turn: boolean }).filter((q) => q.first_turn)
  const chunks = docs.flatMap((d) => chunkDoc(d.doc_id, d.title, d.text))
  const embedder = createLocalEmbedder({ dim })
  const t = performance.now()
  const vectors = await embedder.embed(chunks.map((c) => `${c.title}\n${c.text}`))
  const embedMs = (performance.now() - t) / chunks.length
  const answerer = createExtractiveAnswerer()
  let hit1 = 0
  let hit5 = 0
  let answered = 0
  let overlapHalf = 0
  for (const q of questions) {
    const [qv] = await embedder.embed([q.question])
    const ranked = chunks.map((c, i) => ({ c, s: dot(qv, vectors[i]) })).sort((a, b) => b.s - a.s)
    const topDocs = [...new Set(ranked.slice(0, 20).map((r) => r.c.docId))]
    if (topDocs[0] === q.doc_id) hit1++
    if (topDocs.slice(0, 5).includes(q.doc_id)) hit5++
    const reply = await answerer.answer({ question: q.question, lang: 'en', passages: ranked.slice(0, 3).map((r) => ({ ...r.c, score: r.s })) })
    if (reply.text) answered++
    if (recallOf(q.answers[0] ?? '', reply.text) >= 0.5) overlapHalf++
  }
  const n = questions.length
  return [
    `doc2dial first-turn dev questions (n=${n}) over ${chunks.length} chunks, local-hash dim ${dim}: doc hit@1 ${pct(hit1 / n)}, hit@5 ${pct(hit5 / n)}; embed ${embedMs.toFixed(2)} ms/chunk`,
    `  extractive answer from top-3 chunks: answered ${pct(answered / n)}; reply holds >= 50% of the gold span's words ${pct(overlapHalf / n)}`,
  ]
}

function dot(a: number[], b: number[]): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await measureRetrieval(Number(process.argv[2] ?? 512))) console.log(line)
}

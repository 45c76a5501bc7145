/**
 * The top passages as the answerer reads them: each split into sentences with their terms and
 * vectors (remembered, since the same passages come back turn after turn), and chunks of one
 * document that are neighbours in it joined into one reading sequence.
 */
import type { Lang, Passage } from '../../types.js'
import { searchTerms } from '../../../text/tokenize.js'
import { LEAD_IN } from '../../../text/sentences.js'
import { detectLang } from '../../../text/lang.js'
import { featurize, type SparseVector } from '../features.js'
import { splitSentences, type Sentence } from '../sentences.js'
import { joinedPairs } from './compounds.js'

/** The hashed feature space and weights sentences and questions are matched in. */
export const MATCH_SPACE = 1 << 18
export const MATCH_FEATURES = { unigram: 1, bigram: 0.5, charNgram: 0.4, hanChar: 0.6, stopword: 0.1 }
/** Later passages are ranked lower by retrieval; prefer the top one unless another is clearly better. */
const RANK_PRIOR = [1, 0.92, 0.85, 0.78, 0.7]

/** A sentence with its search terms, its adjacent word pairs joined (see compounds.ts), its language and its vector. */
export type Analysed = Sentence & { terms: Set<string>; pairs: Map<string, string[]>; lang: Lang; vector: SparseVector }
/** A sentence in reading order: the passage it comes from and that passage's rank prior. */
export type Unit = Analysed & { passage: number; prior: number }

/** Sentences of a passage with their terms and vectors. */
export type Analyser = (text: string) => Analysed[]
export const ANALYSED_CACHE = 2048

/** An analyser that keeps the passages read most recently (least recently used goes first). */
export function rememberingAnalyser(max: number): Analyser {
  const known = new Map<string, Analysed[]>()
  return (text) => {
    const hit = known.get(text)
    if (hit) {
      known.delete(text)
      known.set(text, hit)
      return hit
    }
    const out = splitSentences(text).map((s) => ({ ...s, terms: new Set(searchTerms(s.text)), pairs: joinedPairs(s.text), lang: detectLang(s.text), vector: featurize(s.text, MATCH_SPACE, MATCH_FEATURES) }))
    known.set(text, out)
    if (known.size > max) known.delete(known.keys().next().value!)
    return out
  }
}
export interface Sequence {
  units: Unit[]
}

const firstLine = (text: string) => text.slice(0, text.indexOf('\n') + 1 || undefined).trim()
const lastLine = (text: string) => text.slice(text.lastIndexOf('\n') + 1).trim()

/**
 * Which passage continues which (i -> j), each at most once. Chunks that know their position in the
 * document are neighbours when their ordinals are consecutive. Without positions the text decides:
 * a chunk that starts with the line another chunk of the document ends with (a heading cut off from
 * its section, a lead-in from its list) continues it, and so does, after a chunk cut right after a
 * lead-in ("contact us with:"), a chunk of the document that neither starts it nor continues another.
 */
function neighbours(passages: Passage[]): Map<number, number> {
  const next = new Map<number, number>()
  const continues = new Set<number>()
  const link = (i: number, j: number) => {
    next.set(i, j)
    continues.add(j)
  }
  const positioned = (p: Passage) => typeof p.ordinal === 'number'
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i]
    if (!positioned(p)) continue
    const j = passages.findIndex((q) => q.docId === p.docId && positioned(q) && q.ordinal === p.ordinal! + 1)
    if (j >= 0 && !continues.has(j)) link(i, j)
  }
  for (let i = 0; i < passages.length; i++) {
    const tail = lastLine(passages[i].text)
    if (positioned(passages[i]) || next.has(i) || tail.length < 3) continue
    const j = passages.findIndex((q, j) => j !== i && !positioned(q) && !continues.has(j) && q.docId === passages[i].docId && firstLine(q.text) === tail)
    if (j >= 0) link(i, j)
  }
  for (let i = 0; i < passages.length; i++) {
    if (positioned(passages[i]) || next.has(i) || !LEAD_IN.test(lastLine(passages[i].text))) continue
    const j = passages.findIndex((p, j) => j !== i && !positioned(p) && !continues.has(j) && p.docId === passages[i].docId && firstLine(p.text) !== p.title.trim() && next.get(j) !== i)
    if (j >= 0) link(i, j)
  }
  return next
}

/**
 * The top passages as the reader meets them. Chunks of one document that are neighbours in it are
 * read as one text, so a heading hands its match to the sentence under it and a lead-in is
 * completed across the cut. A continuation is read even when retrieval ranked it below the top
 * passages.
 */
export function readingOrder(passages: Passage[], max: number, analysed: Analyser): Sequence[] {
  const next = neighbours(passages)
  const out: Sequence[] = []
  const read = new Set<number>()
  for (let head = 0; head < Math.min(max, passages.length); head++) {
    if (read.has(head)) continue
    // Start from the earliest piece of the document that is among the top passages.
    let start = head
    for (let guard = 0; guard < passages.length; guard++) {
      const before = [...next].find(([, j]) => j === start)?.[0]
      if (before === undefined || before >= max || read.has(before)) break
      start = before
    }
    const units: Unit[] = []
    for (let i: number | undefined = start; i !== undefined && !read.has(i); i = next.get(i)) {
      read.add(i)
      // Each sentence keeps the rank prior of its chunk; a continuation from below the top passages
      // takes the prior of the chunk it continues.
      const prior = i < max ? (RANK_PRIOR[i] ?? 0.5) : (units.at(-1)?.prior ?? 0.5)
      // Drop what a continuation repeats from the text before it: its section's heading and the
      // overlap with the end of the previous chunk.
      const seen = new Set(units.map((u) => u.text))
      let sentences = analysed(passages[i].text)
      let repeated = 0
      while (repeated < sentences.length && seen.has(sentences[repeated].text)) repeated++
      sentences = sentences.slice(repeated)
      // The title repeated at the top of a chunk is a heading, however it is punctuated.
      const title = passages[i].title.trim()
      for (const s of sentences) units.push({ ...s, fragment: s.fragment || s.text === title, index: units.length, passage: i, prior })
      // A continuation from below the top passages is read once, not followed further.
      if (i >= max) break
    }
    if (units.length) out.push({ units })
  }
  return out
}

/**
 * Extractive answerer: picks the passage sentences that best match the question and quotes them,
 * so every answer sentence is supported by a cited passage (coverage 1.0). When no passage says
 * anything about the question it returns an empty answer and the pipeline hands off.
 */
import type { Answer, AnswerCitation, AnswerRequest, Answerer, Lang, Passage } from '../types.js'
import { searchTerms } from '../../text/tokenize.js'
import { featurize, type SparseVector } from './features.js'
import { splitSentences } from './sentences.js'

export interface ExtractiveOptions {
  /** Passages considered, best first. */
  maxPassages?: number
  maxSentences?: number
  /** Answer length budget in characters (Chinese is denser). */
  maxChars?: { en: number; zh: number }
  /** Minimum match score of the best sentence; below it the answer is empty. */
  minScore?: number
}

const DEFAULTS: Required<ExtractiveOptions> = { maxPassages: 3, maxSentences: 3, maxChars: { en: 350, zh: 150 }, minScore: 0.12 }
const SPACE = 1 << 18
const MATCH_FEATURES = { unigram: 1, bigram: 0.5, charNgram: 0.4, hanChar: 0.6, stopword: 0.1 }
/** Later passages are ranked lower by retrieval; prefer the top one unless another is clearly better. */
const RANK_PRIOR = [1, 0.85, 0.72, 0.6, 0.5]
const NEAR_DUPLICATE = 0.8

const isFragmentCandidate = (c: Candidate) => c.fragment

interface Candidate {
  fragment: boolean
  passage: number
  index: number
  text: string
  vector: SparseVector
  score: number
}

export function createExtractiveAnswerer(options: ExtractiveOptions = {}): Answerer {
  const opt = { ...DEFAULTS, ...options, maxChars: { ...DEFAULTS.maxChars, ...options.maxChars } }
  const answer = async (req: AnswerRequest) => compose(req, select(req, opt))
  return {
    answer,
    async stream(req, onText) {
      const chosen = select(req, opt)
      const result = compose(req, chosen)
      if (result.text) {
        onText(leadIn(req.lang, chosen.map((c) => req.passages[c.passage])))
        for (let i = 0; i < chosen.length; i++) onText(joiner(req.lang, i) + chosen[i].text)
      }
      return result
    },
  }
}

/** Scores every sentence of the top passages and keeps the best few, within the length budget. */
function select(req: AnswerRequest, opt: Required<ExtractiveOptions>): Candidate[] {
  const question = featurize(req.question, SPACE, MATCH_FEATURES)
  const qTerms = new Set(searchTerms(req.question))
  const candidates: Candidate[] = []
  req.passages.slice(0, opt.maxPassages).forEach((p, passage) => {
    for (const s of splitSentences(p.text)) {
      const vector = featurize(s.text, SPACE, MATCH_FEATURES)
      const overlap = qTerms.size ? countShared(qTerms, searchTerms(s.text)) / qTerms.size : 0
      const match = 0.6 * cosine(question, vector) + 0.4 * overlap
      const score = match * (RANK_PRIOR[passage] ?? 0.5) * (s.fragment ? 0.6 : 1)
      candidates.push({ passage, index: s.index, text: s.text, vector, score, fragment: s.fragment })
    }
  })
  candidates.sort((a, b) => b.score - a.score)
  // A heading may match the question best, but the sentence under it is the answer.
  const best = candidates.find((c) => !c.fragment && c.score >= candidates[0].score * 0.5) ?? candidates[0]
  if (!best || best.score < opt.minScore) return []

  const budget = opt.maxChars[req.lang]
  const chosen: Candidate[] = [best]
  let length = best.text.length
  for (const c of candidates) {
    if (c === best) continue
    if (chosen.length >= opt.maxSentences) break
    // Supporting sentences must be nearly as relevant, or be the neighbour of the best one.
    const neighbour = c.passage === best.passage && Math.abs(c.index - best.index) === 1
    if (c.score < best.score * (neighbour ? 0.45 : 0.65)) continue
    // Headings and list stubs read badly in the middle of an answer.
    if (isFragmentCandidate(c)) continue
    if (length + c.text.length > budget) continue
    if (chosen.some((k) => cosine(k.vector, c.vector) > NEAR_DUPLICATE)) continue
    chosen.push(c)
    length += c.text.length
  }
  if (length > budget * 1.5) best.text = truncate(best.text, Math.round(budget * 1.5))
  // Top passage first, document order within a passage.
  return chosen.sort((a, b) => a.passage - b.passage || a.index - b.index)
}

function compose(req: AnswerRequest, chosen: Candidate[]): Answer {
  if (chosen.length === 0) return { text: '', citations: [], coverage: 0 }
  const used = [...new Set(chosen.map((c) => c.passage))]
  const passages = used.map((i) => req.passages[i])
  const body = chosen.map((c, i) => joiner(req.lang, i) + c.text).join('')
  const citations: AnswerCitation[] = used.map((i) => ({
    chunkId: req.passages[i].chunkId,
    docId: req.passages[i].docId,
    snippet: chosen.filter((c) => c.passage === i).map((c) => c.text).join(' '),
  }))
  return { text: leadIn(req.lang, passages) + body, citations, coverage: 1 }
}

function leadIn(lang: Lang, passages: Passage[]): string {
  const title = passages[0]?.title?.trim()
  if (lang === 'zh') return title ? `根据《${title}》：` : '根据我们的资料：'
  return title ? `According to "${title}": ` : 'Here is what our documentation says: '
}

function joiner(lang: Lang, i: number): string {
  return i === 0 || lang === 'zh' ? '' : ' '
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return (space > max * 0.6 ? cut.slice(0, space) : cut) + '…'
}

function countShared(terms: Set<string>, other: string[]): number {
  const seen = new Set(other)
  let n = 0
  for (const t of terms) if (seen.has(t)) n++
  return n
}

/** Cosine of two unit sparse vectors (indices need not be sorted). */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.indices.length <= b.indices.length ? [a, b] : [b, a]
  const lookup = new Map<number, number>()
  for (let i = 0; i < large.indices.length; i++) lookup.set(large.indices[i], large.values[i])
  let dot = 0
  for (let i = 0; i < small.indices.length; i++) dot += small.values[i] * (lookup.get(small.indices[i]) ?? 0)
  return dot
}

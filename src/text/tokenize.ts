/**
 * Language-aware word tokens shared by full-text search and the local models.
 * Chinese has no spaces, so Han runs are segmented with Intl.Segmenter (ICU's dictionary)
 * before they reach tsvector or a feature hasher.
 */
import shorthand from './data/shorthand.json' with { type: 'json' }
import { stem } from './stem.js'
import { STOPWORDS } from './stopwords.js'

const zhSegmenter = new Intl.Segmenter('zh', { granularity: 'word' })
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu
const HAN_RUN = /\p{Script=Han}+/u
/** Chat shorthand ("ty", "pls", "acct") -> the words it stands for, already split. */
const SHORTHAND = new Map(Object.entries(shorthand.en).map(([short, full]) => [short, normalize(full).replace(/['’]/g, '').split(' ')]))

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** Raw word tokens in order: Latin words lowercased (chat shorthand spelled out), Chinese segmented into words. */
export function words(text: string): string[] {
  const out: string[] = []
  for (const match of normalize(text).matchAll(WORD)) {
    const w = match[0].replace(/['’]/g, '')
    if (HAN_RUN.test(w)) {
      for (const seg of zhSegmenter.segment(w)) {
        if (seg.isWordLike) out.push(seg.segment)
      }
    } else {
      const full = SHORTHAND.get(w)
      if (full) out.push(...full)
      else out.push(w)
    }
  }
  return out
}

/** Search terms: words without stopwords, English stemmed. Safe to join into a tsquery. */
export function searchTerms(text: string): string[] {
  const out: string[] = []
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue
    out.push(/^[a-z]+$/.test(w) ? stem(w) : w)
  }
  return out
}

/** Particles that make a character pair meaningless as an index term ("的是", "了吗"). */
const PARTICLES = new Set([...'的了吗呢吧啊呀么嗯哦'])
const HAN_RUNS = /\p{Script=Han}+/gu
const IS_HAN = /^\p{Script=Han}+$/u

/**
 * Index and query terms for full-text search: the search terms, with Chinese also indexed as
 * overlapping character pairs, so a query and a document that the segmenter cut differently
 * ("摄像头" as one word or as "摄像 头") still share terms. Two-character words are already pairs.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = []
  for (const t of searchTerms(text)) if (!(t.length === 2 && IS_HAN.test(t))) out.push(t)
  for (const match of normalize(text).matchAll(HAN_RUNS)) {
    const run = [...match[0]]
    for (let i = 0; i + 1 < run.length; i++) {
      const pair = run[i] + run[i + 1]
      if (PARTICLES.has(run[i]) || PARTICLES.has(run[i + 1]) || STOPWORDS.has(pair)) continue
      out.push(pair)
    }
  }
  return out
}

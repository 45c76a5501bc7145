/**
 * Language-aware word tokens shared by full-text search and the local models.
 * Chinese has no spaces, so Han runs are segmented with Intl.Segmenter (ICU's dictionary)
 * before they reach tsvector or a feature hasher.
 */
import { stem } from './stem.js'
import { STOPWORDS } from './stopwords.js'

const zhSegmenter = new Intl.Segmenter('zh', { granularity: 'word' })
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu
const HAN_RUN = /\p{Script=Han}+/u

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** Raw word tokens in order: Latin words lowercased, Chinese segmented into words. */
export function words(text: string): string[] {
  const out: string[] = []
  for (const match of normalize(text).matchAll(WORD)) {
    const w = match[0].replace(/['’]/g, '')
    if (HAN_RUN.test(w)) {
      for (const seg of zhSegmenter.segment(w)) {
        if (seg.isWordLike) out.push(seg.segment)
      }
    } else {
      out.push(w)
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

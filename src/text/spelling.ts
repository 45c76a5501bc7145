/**
 * Typos in chat ("retrun", "cancle", "refnd") miss every index term, so the question finds the wrong
 * article or none. A word the English vocabulary (data/english-vocabulary.json, see
 * build-vocabulary.ts) does not trust is replaced by a common word one edit away (a letter
 * dropped, added, changed or two swapped), but only by one the tenant's own texts use: a
 * correction towards a word the help center never says would not help, and this keeps real
 * words the vocabulary lacks ("Toronto", "Zigbee") as they are.
 */
import vocabulary from './data/english-vocabulary.json' with { type: 'json' }
import { stem } from './stem.js'

/** A word seen this often in the corpora is a word, not a typo. */
const TRUSTED_COUNT = 10
/** Shorter words have too many neighbours to guess from. */
const MIN_LENGTH = 4
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
const WORD = /\p{L}+/gu
const LOWER_LATIN = /^[a-z]+$/

export interface Suspect {
  word: string
  /** Common words one edit away, most common first. */
  candidates: string[]
}

export interface Speller {
  /** The words of the text that may be typos, with what they may stand for (none when all are known). */
  suspects(text: string): Suspect[]
  /** Whether the search term is one of the intents file's words. */
  inDomain(term: string): boolean
}

/** `domainWords`: words of the intents file, trusted as they are and accepted as corrections. */
export function createSpeller(domainWords: Iterable<string> = []): Speller {
  const counts = vocabulary.words as Record<string, number>
  const domain = new Set([...domainWords].map((w) => w.toLowerCase()))
  const domainTerms = new Set([...domain].map(stem))
  const known = (w: string) => (counts[w] ?? 0) >= TRUSTED_COUNT || domain.has(w)
  return {
    inDomain: (term) => domainTerms.has(term),
    suspects(text) {
      const out: Suspect[] = []
      for (const [raw] of text.matchAll(WORD)) {
        const word = raw.toLowerCase()
        if (word.length < MIN_LENGTH || !LOWER_LATIN.test(word) || known(word) || out.some((s) => s.word === word)) continue
        const candidates = [...edits(word)].filter(known).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || (a < b ? -1 : 1))
        if (candidates.length) out.push({ word, candidates })
      }
      return out
    },
  }
}

/** Strings one deletion, transposition, substitution or insertion away. */
function edits(word: string): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)]
    if (tail) out.add(head + tail.slice(1))
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2))
    for (const c of LETTERS) {
      if (tail) out.add(head + c + tail.slice(1))
      out.add(head + c + tail)
    }
  }
  out.delete(word)
  return out
}

/**
 * The text with each suspect replaced by its most common candidate that `used` accepts (by the
 * candidate's search term), keeping the rest of the text as it was.
 */
export function correctText(text: string, suspects: Suspect[], used: (term: string) => boolean): { text: string; corrected: number } {
  const fixes = new Map<string, string>()
  for (const s of suspects) {
    const fix = s.candidates.find((c) => used(stem(c)))
    if (fix) fixes.set(s.word, fix)
  }
  if (!fixes.size) return { text, corrected: 0 }
  return { text: text.replace(WORD, (raw) => fixes.get(raw.toLowerCase()) ?? raw), corrected: fixes.size }
}

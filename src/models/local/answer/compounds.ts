/**
 * Compounds written apart or together: "checkout" / "check out", "WiFi" / "Wi-Fi", "log in" /
 * "login". Customers and documents split such words differently, so the answerer also reads each
 * pair of adjacent Latin words as the one word they join into.
 */
import { words } from '../../../text/tokenize.js'
import { stem } from '../../../text/stem.js'
import { STOPWORDS } from '../../../text/stopwords.js'

const LATIN_WORD = /^[a-z0-9]+$/

/** Joined (stemmed) form of each pair of adjacent Latin words -> the pair's own search terms. */
export function joinedPairs(text: string): Map<string, string[]> {
  const tokens = words(text)
  const out = new Map<string, string[]>()
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i], tokens[i + 1]]
    if (!LATIN_WORD.test(a) || !LATIN_WORD.test(b)) continue
    const parts = [a, b].filter((w) => !STOPWORDS.has(w)).map(termOf)
    // A pair of function words ("any one", "in to") joins into a function word: nothing to match.
    if (parts.length) out.set(termOf(a + b), parts)
  }
  return out
}

const termOf = (word: string) => (/^[a-z]+$/.test(word) ? stem(word) : word)

/** A figure glued to its unit ("5g", "10min", "12v"): the number and the unit's letters. */
const FIGURE_WITH_UNIT = /^(\d+)([a-z]+)$/

/**
 * The same figure with its unit abbreviated differently ("5G" / "5GHz", "10min" / "10mins"): same
 * number, and one unit is the start of the other.
 */
function sameFigure(a: string, b: string): boolean {
  const [x, y] = [FIGURE_WITH_UNIT.exec(a), FIGURE_WITH_UNIT.exec(b)]
  if (!x || !y || x[1] !== y[1]) return false
  return x[2].startsWith(y[2]) || y[2].startsWith(x[2])
}

const hasSameFigure = (term: string, terms: Set<string>) => FIGURE_WITH_UNIT.test(term) && [...terms].some((t) => sameFigure(term, t))

/**
 * The question's search terms that a sentence contains, counting a compound split or joined
 * differently (a question word that is two adjacent sentence words joined, or two adjacent
 * question words that the sentence writes as one) and a figure whose unit is abbreviated otherwise.
 */
export function sharedTerms(
  question: { terms: string[]; pairs: Map<string, string[]> },
  sentence: { terms: Set<string>; pairs: Map<string, string[]> },
): Set<string> {
  const shared = new Set<string>()
  for (const t of question.terms) if (sentence.terms.has(t) || sentence.pairs.has(t) || hasSameFigure(t, sentence.terms)) shared.add(t)
  for (const [joined, parts] of question.pairs) if (sentence.terms.has(joined)) for (const p of parts) shared.add(p)
  return shared
}

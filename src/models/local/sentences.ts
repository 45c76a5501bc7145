/** Sentence splitting for English and Chinese passages, keeping document order. */

export interface Sentence {
  text: string
  /** Position within its passage. */
  index: number
  /** Looks like a heading or list stub rather than a sentence (no closing punctuation, short). */
  fragment: boolean
}

const HAN = /\p{Script=Han}/u
// Split after closing punctuation (optionally followed by quotes/brackets) and at line breaks.
const BOUNDARY = /(?<=[.!?;。！？；…][”"')\]」』]?)\s+|(?<=[。！？；])|\n+/u
// Common abbreviations that end with a period but do not end a sentence.
const ABBREVIATION = /\b(e\.g|i\.e|etc|mr|mrs|ms|dr|no|vs|st|u\.s|approx|dept)\.$/i

export function splitSentences(text: string): Sentence[] {
  const cleaned = text.replace(/\[\d+\]/g, '').replace(/[ \t\u00a0]+/g, ' ')
  const pieces: string[] = []
  for (const raw of cleaned.split(BOUNDARY)) {
    const piece = raw?.trim()
    if (!piece) continue
    const last = pieces.length - 1
    // Re-join a split made after an abbreviation or an initial ("U.S. law").
    if (last >= 0 && ABBREVIATION.test(pieces[last]) && /^[a-z0-9(]/.test(piece)) pieces[last] += ' ' + piece
    else pieces.push(piece)
  }
  return pieces.map((t, index) => ({ text: t, index, fragment: isFragment(t) }))
}

/** A list line that defines something ("Solid amber: factory reset in progress"): content, not a heading. */
const DEFINITION = /^[^:：]{1,40}[:：]\s*\S+\s+\S+/
const DEFINITION_ZH = /^[^:：]{1,15}[:：].{4,}/
/** Closing punctuation, then any closing quotes or brackets: "(erases everything)" alone is no sentence end. */
const ENDS = /[.!?;:…]["”'’)\]]*$/

function isFragment(s: string): boolean {
  if (HAN.test(s)) return !DEFINITION_ZH.test(s) && (s.length < 6 || (!/[。！？；.!?]$/.test(s) && s.length < 12))
  if (DEFINITION.test(s)) return false
  const wordCount = s.split(/\s+/).length
  return wordCount < 4 || (!ENDS.test(s) && wordCount < 9)
}

/** Sentence splitting for English and Chinese passages, keeping document order. */

export interface Sentence {
  text: string
  /** Position within its passage. */
  index: number
  /** Looks like a heading or list stub rather than a sentence (no closing punctuation, short). */
  fragment: boolean
  /** Ends its line: a list item or a paragraph's last sentence, not a clause running on. */
  endsLine: boolean
  /** Its paragraph (lines between blank lines), counted from 0, and how many lines that paragraph has: a list's lines share one. */
  block: number
  blockLines: number
}

const HAN = /\p{Script=Han}/u
// Split after closing punctuation (optionally followed by quotes/brackets) and at line breaks.
const BOUNDARY = /(?<=[.!?;。！？；…][”"')\]」』]?)\s+|(?<=[。！？；])/u
const LINE_BREAK = /\n+/
// Common abbreviations that end with a period but do not end a sentence.
const ABBREVIATION = /\b(e\.g|i\.e|etc|mr|mrs|ms|dr|no|vs|st|u\.s|approx|dept)\.$/i

export function splitSentences(text: string): Sentence[] {
  const cleaned = text.replace(/\[\d+\]/g, '').replace(/[ \t\u00a0]+/g, ' ')
  const pieces: Array<{ text: string; endsLine: boolean; block: number; blockLines: number }> = []
  const lines = cleaned.split(/\n\s*\n/).flatMap((para, block) => {
    const inPara = para.split(LINE_BREAK).filter((l) => l.trim())
    return inPara.map((line) => ({ line, block, blockLines: inPara.length }))
  })
  for (const { line, block, blockLines } of lines) {
    const start = pieces.length
    for (const raw of line.split(BOUNDARY)) {
      const piece = raw?.trim()
      if (!piece) continue
      const last = pieces.length - 1
      // Re-join a split made after an abbreviation or an initial ("U.S. law"), or after a question or
      // exclamation that names a button or a link ("use Forgot password? on the sign-in page"): an
      // English sentence does not start in lower case.
      if (last >= start && /^[a-z0-9(]/.test(piece) && (ABBREVIATION.test(pieces[last].text) || /[?!]$/.test(pieces[last].text))) pieces[last].text += ' ' + piece
      else pieces.push({ text: piece, endsLine: false, block, blockLines })
    }
    if (pieces.length > start) pieces[pieces.length - 1].endsLine = true
  }
  return pieces.map((p, index) => ({ text: p.text, index, fragment: isFragment(p.text), endsLine: p.endsLine, block: p.block, blockLines: p.blockLines }))
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

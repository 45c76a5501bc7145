/** A passage sentence as the answerer weighs it, and what its shape says. */
import type { Lang } from '../../types.js'
import type { SparseVector } from '../features.js'

export interface Candidate {
  fragment: boolean
  /** Ends its line in the passage (see Sentence.endsLine). */
  endsLine: boolean
  /** Its paragraph in the passage, and that paragraph's number of lines (see Sentence.block). */
  block: number
  blockLines: number
  /** Reading sequence (see readingOrder) and position in it; passage is the chunk it comes from. */
  sequence: number
  passage: number
  index: number
  text: string
  /** The sentence's language, read once when its passage is analysed. */
  lang: Lang
  vector: SparseVector
  score: number
}

/**
 * A sentence that asks something (an FAQ heading): it is the prompt, not the answer. A step that
 * ends on a button's label ("click Forgot password?") asks nothing.
 */
const ENDS_ASKING = /[?？]["”')）]?$/
const CLICKS_A_LABEL = /\b(click|tap|select|press|choose)\b[^.!?]+[?？]["”')）]?$/i
export const questionLike = (text: string): boolean => ENDS_ASKING.test(text) && !CLICKS_A_LABEL.test(text)

/** Lines of a lead-in's list that come along with it. */
export const LIST_LINES = 3
/** Share of the length budget that the best sentence's list (after a lead-in, or its own) may fill. */
export const LIST_BUDGET = 1.5
/** A list line ending with a semicolon: the list goes on with the next line (not a clause running on). */
export const LIST_GOES_ON = /[;；]$/
export const goesOnAsList = (c: Candidate): boolean => c.endsLine && LIST_GOES_ON.test(c.text)

/**
 * The lines of the list a lead-in opens, up to LIST_LINES: its paragraph is the next after the lead-in's, and its items
 * may be as short as a heading ("Your order number").
 */
export function listAfter(lead: Candidate, sequence: Candidate[]): Candidate[] {
  const lines: Candidate[] = []
  for (const line of sequence.slice(lead.index + 1, lead.index + 1 + LIST_LINES)) {
    if (questionLike(line.text) || line.passage !== lead.passage || line.block > lead.block + 1) break
    lines.push(line)
  }
  return lines
}

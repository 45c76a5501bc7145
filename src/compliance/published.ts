/**
 * Words a reply takes verbatim from the knowledge-base passages it is drawn from are the company's
 * own published text. A crisis-line article ("call 988 if you are thinking about suicide") or a
 * safety notice is information the customer asked for, not content the bot made up, so the unsafe
 * rule judges only what is not found there.
 */
import { clauseEnd, clauseStart } from '../text/clauses.js'
import type { Span } from './types.js'

const CLAUSE_END = /[.!?:;\n。！？：；]/
/** Shorter clauses are too common to prove they were copied ("suicide." could be anyone's); Han text is denser. */
const MIN_CLAUSE_CHARS = 20
const MIN_HAN_CLAUSE_CHARS = 8
const HAN = /\p{Script=Han}/u
const longEnough = (clause: string) => clause.length >= (HAN.test(clause) ? MIN_HAN_CLAUSE_CHARS : MIN_CLAUSE_CHARS)

const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

/** The clause a span sits in: from the previous clause end to the next one. */
export function clauseAround(text: string, span: Pick<Span, 'start' | 'end'>): string {
  return squash(text.slice(clauseStart(text, span.start, CLAUSE_END), clauseEnd(text, span.end, CLAUSE_END)))
}

/** Reads the passages once per turn (a streamed reply asks for every sentence). */
export function publishedMatcher() {
  const squashed = new WeakMap<readonly string[], string[]>()
  return (published: readonly string[] | undefined) => {
    if (!published?.length) return () => false
    let texts = squashed.get(published)
    if (!texts) squashed.set(published, (texts = published.map(squash)))
    const found = texts
    return (text: string, span: Pick<Span, 'start' | 'end'>) => {
      const clause = clauseAround(text, span)
      return longEnough(clause) && found.some((t) => t.includes(clause))
    }
  }
}

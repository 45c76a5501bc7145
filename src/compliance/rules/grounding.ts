/**
 * A reply written from knowledge-base passages must not state a figure they don't: a made-up price,
 * fee, number of days, percentage, time or phone number is the costliest thing a support bot can
 * invent, and citation coverage (judged over the whole reply) lets one through next to a cited
 * sentence. Each figure must be found, as a value (with its unit, when it has one; a date as a date), in the passages,
 * in what the customer wrote (their order number, "I bought it 10 days ago") or in what the bot or
 * an agent already told them. A figure the customer only asks about ("Can I return it within 60
 * days?") is not something they know: it vouches for nothing more than its bare number (see customerGroundsOf).
 */
import data from '../data/grounding.json' with { type: 'json' }
import type { Decision } from '../types.js'
import { type Figure, findFigures, listLengths } from './figures.js'
import { monthsNamed } from './dates.js'

/** The figures a set of texts vouches for. */
export interface Grounds {
  keys: Set<string>
  /** Digits of phone-like numbers and long runs. */
  digits: string[]
}

/**
 * The figures the texts vouch for. `asked` finds the spans of a text that only ask to have a figure
 * confirmed (see customerGroundsOf): a figure there vouches for its bare number alone, unless it is
 * of the customer's past.
 */
export function groundsOf(texts: readonly string[], asked: (text: string) => Array<[number, number]> = () => []): Grounds {
  const keys = new Set<string>()
  const digits: string[] = []
  const add = (f: Figure, bare: boolean) => {
    for (const k of f.vouches) if (!bare || k.startsWith('n:')) keys.add(k)
    if (f.digits) digits.push(f.digits)
    f.parts?.forEach((p) => add(p, bare))
  }
  for (const t of texts) {
    const spans = asked(t)
    const bare = (f: Figure) => spans.some(([s, e]) => f.start >= s && f.start < e) && !PAST.test(t.slice(f.end))
    findFigures(t).forEach((f) => add(f, bare(f)))
    for (const n of listLengths(t)) keys.add(`u:step:${n}`)
    // "Sale ends in March" vouches for a reply's 3月 ("Can you deliver in March?" does not).
    const told = spans.reduceRight((text, [s, e]) => text.slice(0, s) + ' '.repeat(e - s) + text.slice(e), t)
    for (const n of monthsNamed(told)) keys.add(`m:${n}`)
  }
  return { keys, digits }
}

/**
 * A yes/no question puts its figures up for confirmation ("Can I return it within 60 days?", 7天内可以退吗):
 * echoing them back as an answer would let the customer write the policy. A question word asks about
 * something taken as given ("Why was I charged $50?", 为什么扣了50元), and so does a statement.
 * Clauses are told apart at commas too ("I bought it 40 days ago, can I still return it?"), but not
 * inside a number (1,000, 19.99).
 */
const CLAUSE_END = /[，；。！？!?]|[,;](?!\d)|\.(?=\s|$)/g
const OPENING = '^\\s*(?:(?:and|or|but|so|then)\\s+)?'
const oneOf = ({ en, zh }: { en: string[]; zh: string[] }) => new RegExp(`${OPENING}(?:${en.join('|')})\\b|${zh.join('|')}`, 'i')
const CONFIRM = oneOf(data.askedToConfirm)
const ABOUT_GIVEN = oneOf(data.askedAboutGiven)
/** "40 days ago", 3天前: a fact of the customer's past, even inside a question ("Is it too late if I bought it 40 days ago?"). */
const PAST = /^\s*(?:[\p{L}-]+\s+){0,2}ago\b|^[^，。,.？?]{0,4}(?:以前|之前|前)/iu

export const asksToConfirm = (clause: string) => CONFIRM.test(clause) && !ABOUT_GIVEN.test(clause)

/** Where the yes/no questions of a text are, as [start, end) ranges. */
function confirmationsAsked(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  let start = 0
  for (const end of [...[...text.matchAll(CLAUSE_END)].map((m) => m.index + m[0].length), text.length]) {
    if (end > start && asksToConfirm(text.slice(start, end))) ranges.push([start, end])
    start = end
  }
  return ranges
}

/**
 * What a customer's message vouches for: everything it states, and of a yes/no question only the
 * bare numbers and digit runs (an order number asked about is still theirs) and the customer's past.
 */
export const customerGroundsOf = (text: string): Grounds => groundsOf([text], confirmationsAsked)

function supported(f: Figure, grounds: readonly Grounds[]): boolean {
  if (grounds.some((g) => f.keys.some((k) => g.keys.has(k)))) return true
  // The same phone with or without its country code ("+1 800…" for "800…"); both are long enough to tell.
  const d = f.digits
  if (d && grounds.some((g) => g.digits.some((s) => s.endsWith(d) || d.endsWith(s)))) return true
  return !!f.parts?.length && f.parts.every((p) => supported(p, grounds))
}

export function unsupportedFigures(text: string, grounds: readonly Grounds[]): Figure[] {
  return findFigures(text).filter((f) => !supported(f, grounds))
}

export function groundingDecision(unsupported: readonly Figure[]): Decision | null {
  if (!unsupported.length) return null
  return {
    ruleId: 'grounding.unsupported_figure',
    category: 'grounding',
    action: 'block',
    spans: unsupported.map(({ start, end, text }) => ({ start, end, text, type: 'figure' })),
    detail: data.detail.replace('{n}', String(unsupported.length)),
  }
}

/**
 * A reply written from knowledge-base passages must not state a figure they don't: a made-up price,
 * fee, number of days, percentage, time or phone number is the costliest thing a support bot can
 * invent, and citation coverage (judged over the whole reply) lets one through next to a cited
 * sentence. Each figure must be found, as a value (with its unit, when it has one; a date as a date), in the passages,
 * in what the customer wrote (their order number, "I bought it 10 days ago") or in what the bot or
 * an agent already told them.
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

export function groundsOf(texts: readonly string[]): Grounds {
  const keys = new Set<string>()
  const digits: string[] = []
  const add = (f: Figure) => {
    for (const k of f.vouches) keys.add(k)
    if (f.digits) digits.push(f.digits)
    f.parts?.forEach(add)
  }
  for (const t of texts) {
    findFigures(t).forEach(add)
    for (const n of listLengths(t)) keys.add(`u:step:${n}`)
    // "Sale ends in March" vouches for a reply's 3月.
    for (const n of monthsNamed(t)) keys.add(`m:${n}`)
  }
  return { keys, digits }
}

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

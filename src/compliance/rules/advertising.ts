/** Absolute advertising terms in replies are rewritten to neutral phrasing or removed (data/advertising-terms.json). */
import terms from '../data/advertising-terms.json' with { type: 'json' }
import { overlaps, replaceSpans } from '../spans.js'
import type { Decision, Span } from '../types.js'

interface Term {
  pattern: string
  replacement: string
  /** Case-sensitive regex sources: the hit is dropped when the text just before it ends with (`unlessBefore`) or the text just after it starts with (`unlessAfter`) a match, e.g. a negation ("can't guarantee"), a product name ("Guaranteed Delivery"), an interjection ("Perfect, …"). */
  unlessBefore?: string
  unlessAfter?: string
}
type Categories = Record<string, { zh: Term[]; en: Term[] }>

export interface AdvertisingHit extends Span {
  replacement: string
}

export const ADVERTISING_CATEGORIES = Object.keys(terms.categories)

/** A term with its patterns compiled: every reply sentence is checked, so they are built once. */
interface CompiledTerm {
  find: RegExp
  replacement: string
  unlessBefore?: RegExp
  unlessAfter?: RegExp
}

/** How much text either side of a hit its exceptions may look at. */
const CONTEXT_CHARS = 60

function compile(t: Term, find: RegExp): CompiledTerm {
  return {
    find,
    replacement: t.replacement,
    unlessBefore: t.unlessBefore === undefined ? undefined : new RegExp(`(?:${t.unlessBefore})$`, 'u'),
    unlessAfter: t.unlessAfter === undefined ? undefined : new RegExp(`^(?:${t.unlessAfter})`, 'u'),
  }
}

/** English terms match whole words only; Chinese has no word boundaries to match. */
const COMPILED = new Map(
  Object.entries(terms.categories as Categories).map(([name, cat]) => [
    name,
    [
      ...cat.zh.map((t) => compile(t, new RegExp(t.pattern, 'g'))),
      ...cat.en.map((t) => compile(t, new RegExp(`(?<![\\p{L}\\p{N}])(?:${t.pattern})(?![\\p{L}\\p{N}])`, 'giu'))),
    ],
  ]),
)

/** Hits for the enabled categories, non-overlapping, earliest then longest first. Both languages are checked: replies mix them. */
export function findAdvertising(text: string, enabled: readonly string[]): AdvertisingHit[] {
  const all: AdvertisingHit[] = []
  const excepted = (t: CompiledTerm, start: number, end: number) =>
    (t.unlessBefore?.test(text.slice(Math.max(0, start - CONTEXT_CHARS), start)) ?? false) || (t.unlessAfter?.test(text.slice(end, end + CONTEXT_CHARS)) ?? false)
  for (const name of enabled) {
    for (const t of COMPILED.get(name) ?? []) {
      for (const m of text.matchAll(t.find)) {
        const start = m.index
        const end = start + m[0].length
        if (!excepted(t, start, end)) all.push({ start, end, text: m[0], type: name, replacement: t.replacement })
      }
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: AdvertisingHit[] = []
  for (const h of all) if (!kept.some((k) => overlaps(k, h))) kept.push(h)
  return kept
}

/** Apply replacements; a removed term takes one neighbouring space with it. */
export function rewriteAdvertising(text: string, hits: readonly AdvertisingHit[]): string {
  const widened = hits.map((h) => {
    if (h.replacement !== '') return h
    if (text[h.end] === ' ' && (h.start === 0 || text[h.start - 1] === ' ')) return { ...h, end: h.end + 1 }
    if (text[h.start - 1] === ' ') return { ...h, start: h.start - 1 }
    return h
  })
  return replaceSpans(text, widened, (s) => (s as AdvertisingHit).replacement)
}

export function advertisingDecision(hits: readonly AdvertisingHit[]): Decision | null {
  if (!hits.length) return null
  const cats = [...new Set(hits.map((h) => h.type))]
  return {
    ruleId: 'advertising.absolute_terms',
    category: 'advertising',
    action: 'rewrite',
    spans: hits.map(({ replacement: _r, ...s }) => s),
    detail: `absolute terms (${cats.join(', ')}) rewritten`,
  }
}

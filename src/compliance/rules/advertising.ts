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

/** Hits for the enabled categories, non-overlapping, earliest then longest first. Both languages are checked: replies mix them. */
export function findAdvertising(text: string, enabled: readonly string[]): AdvertisingHit[] {
  const cats = terms.categories as Categories
  const all: AdvertisingHit[] = []
  const excepted = (t: Term, start: number, end: number) =>
    (t.unlessBefore !== undefined && new RegExp(`(?:${t.unlessBefore})$`, 'u').test(text.slice(Math.max(0, start - 60), start))) ||
    (t.unlessAfter !== undefined && new RegExp(`^(?:${t.unlessAfter})`, 'u').test(text.slice(end, end + 60)))
  const add = (t: Term, name: string, m: RegExpMatchArray) => {
    const start = m.index!
    const end = start + m[0].length
    if (!excepted(t, start, end)) all.push({ start, end, text: m[0], type: name, replacement: t.replacement })
  }
  for (const name of enabled) {
    const cat = cats[name]
    if (!cat) continue
    for (const t of cat.zh) for (const m of text.matchAll(new RegExp(t.pattern, 'g'))) add(t, name, m)
    for (const t of cat.en) for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])(?:${t.pattern})(?![\\p{L}\\p{N}])`, 'giu'))) add(t, name, m)
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

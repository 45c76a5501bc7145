/**
 * Unsafe content: a local lexicon classifier (data/unsafe-lexicon.json) by default, the injected
 * moderation function when provided (falling back to the lexicon if it fails).
 * Self-harm is handed to a human with urgent priority and a supportive reply.
 */
import lexicon from '../data/unsafe-lexicon.json' with { type: 'json' }
import replies from '../data/safe-replies.json' with { type: 'json' }
import type { Lang } from '../../models/types.js'
import type { Action, Decision, Moderation, Span, UnsafeCategory } from '../types.js'

export const UNSAFE_CATEGORIES: readonly UnsafeCategory[] = ['self_harm', 'violence', 'sexual_minors', 'hate']

/** The sentence (or line) a hit sits in: exclusions are judged on it, not on the whole message. */
function sentenceAround(lower: string, start: number, end: number): string {
  const before = lower.slice(0, start)
  const from = Math.max(...['.', '!', '?', '\n', '。', '！', '？'].map((c) => before.lastIndexOf(c))) + 1
  const rest = lower.slice(end).search(/[.!?\n。！？]/)
  return lower.slice(from, rest < 0 ? lower.length : end + rest + 1)
}

interface Cooccur {
  a: string[]
  b: string[]
  window: number
}

/** A term of a co-occurrence pair: Latin terms match whole words, Chinese ones anywhere. */
const termPattern = (t: string) => (/^[a-z -]+$/.test(t) ? new RegExp(`(?<![a-z])${t}(?![a-z])`, 'g') : new RegExp(t, 'g'))

/** The lexicon with its patterns compiled: every customer message and reply sentence is checked, so they are built once. */
const COMPILED = new Map(
  Object.entries(lexicon.categories as Record<UnsafeCategory, { patterns: string[]; cooccur: Cooccur[]; exclude?: string[] }>).map(([cat, c]) => [
    cat as UnsafeCategory,
    {
      patterns: c.patterns.map((p) => new RegExp(p, 'g')),
      cooccur: c.cooccur.map((pair) => ({ a: pair.a.map(termPattern), b: pair.b.map(termPattern), window: pair.window })),
      exclude: (c.exclude ?? []).map((p) => new RegExp(p)),
    },
  ]),
)

function termIndexes(lower: string, terms: RegExp[]): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = []
  for (const re of terms) for (const m of lower.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length })
  return out
}

/** Lexicon hits per category. */
export function classifyUnsafeLocal(text: string): Map<UnsafeCategory, Span[]> {
  const lower = text.toLowerCase()
  const hits = new Map<UnsafeCategory, Span[]>()
  for (const cat of UNSAFE_CATEGORIES) {
    const rules = COMPILED.get(cat)!
    let spans: Span[] = []
    for (const re of rules.patterns) {
      for (const m of lower.matchAll(re)) spans.push({ start: m.index, end: m.index + m[0].length, text: text.slice(m.index, m.index + m[0].length), type: cat })
    }
    for (const c of rules.cooccur) {
      const as = termIndexes(lower, c.a)
      const bs = termIndexes(lower, c.b)
      for (const a of as) {
        const b = bs.find((x) => Math.abs(x.start - a.start) <= c.window)
        if (b) {
          const start = Math.min(a.start, b.start)
          const end = Math.max(a.end, b.end)
          spans.push({ start, end, text: text.slice(start, end), type: cat })
          break
        }
      }
    }
    if (rules.exclude.length) spans = spans.filter((sp) => !rules.exclude.some((re) => re.test(sentenceAround(lower, sp.start, sp.end))))
    if (spans.length) hits.set(cat, spans)
  }
  return hits
}

async function classify(text: string, moderation?: Moderation): Promise<{ hits: Map<UnsafeCategory, Span[]>; source: string }> {
  if (moderation) {
    try {
      const r = await moderation(text)
      const hits = new Map<UnsafeCategory, Span[]>()
      for (const cat of UNSAFE_CATEGORIES) {
        const v = r.categories[cat]
        if (v === true || (typeof v === 'number' && v >= 0.5)) hits.set(cat, [])
      }
      return { hits, source: 'moderation' }
    } catch {
      // A failing moderation service must not let text through unchecked: use the local lexicon.
    }
  }
  return { hits: classifyUnsafeLocal(text), source: 'lexicon' }
}

export async function unsafeDecisions(
  text: string,
  lang: Lang,
  actions: Record<UnsafeCategory, 'allow' | 'handoff' | 'block'>,
  moderation?: Moderation,
): Promise<Decision[]> {
  const { hits, source } = await classify(text, moderation)
  const out: Decision[] = []
  for (const [cat, spans] of hits) {
    const action: Action = actions[cat]
    const d: Decision = { ruleId: `unsafe.${cat}`, category: 'unsafe', action, spans, detail: `${cat} (${source})` }
    if (action === 'handoff') {
      d.priority = cat === 'self_harm' ? 'urgent' : 'normal'
      const r = (replies as Record<string, Record<Lang, string>>)[cat] ?? replies.blocked
      d.safeReply = r[lang]
    } else if (action === 'block') {
      d.safeReply = replies.blocked[lang]
    }
    out.push(d)
  }
  return out
}

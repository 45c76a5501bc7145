/** Feature extraction for the injection scorer: pattern features from data/injection-features.json plus a few text-shape features. */
import spec from '../data/injection-features.json' with { type: 'json' }
import type { Span } from '../types.js'

export interface FeatureVector {
  names: readonly string[]
  values: number[]
  /** Where each pattern feature first matched (for decision spans). */
  spans: Span[]
}

interface CompiledFeature {
  id: string
  patterns: RegExp[]
}

// Non-global regexes: `.exec` on them keeps no state between calls.
const COMPILED: readonly CompiledFeature[] = spec.features.map((f) => ({
  id: f.id,
  patterns: f.patterns.map((p) => new RegExp(p, 'u')),
}))

export const FEATURE_NAMES: readonly string[] = [...COMPILED.map((f) => f.id), ...spec.structural]

const SYMBOLS = /[{}[\]()<>|=\\^~*$`@#%]/
const LETTER = /\p{L}/u

/** Share of whitespace tokens that mix letters with code/markup symbols, as adversarial suffixes (GCG) do. */
function gibberishRatio(text: string): number {
  const tokens = text.split(/\s+/).filter(Boolean)
  if (!tokens.length) return 0
  let weird = 0
  for (const t of tokens) {
    if (/^https?:\/\//.test(t) || /^[\w.+-]+@[\w.-]+$/.test(t)) continue
    const symbolCount = [...t].filter((c) => SYMBOLS.test(c)).length
    if ((symbolCount >= 1 && LETTER.test(t) && t.length > 3) || (symbolCount >= 2 && !LETTER.test(t))) weird++
  }
  return Math.min(1, (weird / tokens.length) * 4)
}

/** Markup/code symbols per character, scaled: adversarial suffixes are dense with them, support questions are not. */
function symbolDensity(text: string): number {
  const n = (text.match(/[{}[\]()<>|=\\^~*$`]/g) ?? []).length
  return Math.min(1, (n / Math.max(1, text.length)) * 20)
}

function encodedRun(text: string): number {
  if (/[\u200b-\u200f\u2060\ufeff]/.test(text)) return 1
  if (/(?:\\x[0-9a-f]{2}){4,}|(?:%[0-9a-f]{2}){4,}/i.test(text)) return 1
  for (const m of text.matchAll(/[A-Za-z0-9+/]{32,}={0,2}/g)) {
    if (/\d/.test(m[0]) && /[a-z]/.test(m[0]) && /[A-Z]/.test(m[0])) return 1
  }
  return 0
}

function exclaimCaps(text: string): number {
  const letters = text.match(/[A-Za-z]/g) ?? []
  const upper = text.match(/[A-Z]/g) ?? []
  const caps = letters.length >= 12 && upper.length / letters.length > 0.7
  return caps || /!{3,}/.test(text) ? 1 : 0
}

export function extractFeatures(raw: string): FeatureVector {
  const text = raw.normalize('NFKC')
  const lower = text.toLowerCase()
  const values: number[] = []
  const spans: Span[] = []
  let active = 0
  for (const f of COMPILED) {
    let hit = 0
    for (const re of f.patterns) {
      const m = re.exec(lower)
      if (m) {
        hit = 1
        // NFKC can shift offsets for a few characters; spans are indicative.
        spans.push({ start: m.index, end: m.index + m[0].length, text: text.slice(m.index, m.index + m[0].length), type: f.id })
        break
      }
    }
    active += hit
    values.push(hit)
  }
  values.push(gibberishRatio(text))
  values.push(symbolDensity(text))
  values.push(Math.min(1, Math.log10(1 + text.length) / 4))
  values.push(Math.min(active, 6) / 6)
  values.push(encodedRun(text))
  values.push(exclaimCaps(text))
  return { names: FEATURE_NAMES, values, spans }
}

/** Replies that leak the system prompt, internal markers, credentials or internal notes are blocked. */
import data from '../data/leakage.json' with { type: 'json' }
import { normalize, words } from '../../text/tokenize.js'
import type { Decision, Span } from '../types.js'

interface PatternEntry {
  id: string
  pattern: string
  flags?: string
}

interface CompiledPattern {
  id: string
  re: RegExp
}

/** Compiled once at load; matchAll works on a copy of a global regex, so sharing them keeps no state between calls. */
const compilePatterns = (entries: PatternEntry[]): CompiledPattern[] => entries.map((e) => ({ id: e.id, re: new RegExp(e.pattern, `g${e.flags ?? ''}`) }))
const SECRET_PATTERNS = compilePatterns(data.secretPatterns)
const INTERNAL_MARKERS = compilePatterns(data.internalMarkers)
const DISCLOSURE_MARKERS = compilePatterns(data.disclosureMarkers)

function patternSpans(text: string, patterns: CompiledPattern[]): Span[] {
  const out: Span[] = []
  for (const { id, re } of patterns) {
    for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], type: id })
  }
  return out
}

function shingles(tokens: string[], n: number): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join(' '))
  return out
}

/** A secret ready to look for: a short one verbatim, a long one (a prompt) by its word runs. */
export type PreparedSecret = { needle: string } | { shingles: Set<string> }

/**
 * A secret counts as leaked when a short one (a marker, a key) appears verbatim (case-insensitive),
 * or a long one (a prompt) shares any run of `promptShingleTokens` words with the reply. Prepared
 * once: the provider's prompts are checked against every reply sentence.
 */
export function prepareSecrets(secrets: readonly string[]): PreparedSecret[] {
  return secrets.filter((s) => s.trim()).map((secret) => {
    const tokens = words(secret)
    return tokens.length <= data.shortSecretMaxTokens ? { needle: normalize(secret) } : { shingles: shingles(tokens, data.promptShingleTokens) }
  })
}

export function leakedSecrets(text: string, secrets: readonly PreparedSecret[]): Span[] {
  const out: Span[] = []
  const lower = normalize(text)
  const replyShingles = shingles(words(text), data.promptShingleTokens)
  for (const secret of secrets) {
    if ('needle' in secret) {
      const at = lower.indexOf(secret.needle)
      if (at >= 0) out.push({ start: at, end: at + secret.needle.length, text: text.slice(at, at + secret.needle.length), type: 'system_secret' })
      continue
    }
    const hit = firstShared(secret.shingles, replyShingles)
    if (hit) out.push({ start: 0, end: text.length, text: hit, type: 'system_prompt' })
  }
  return out
}

/** The first of `a`'s runs (in its order) that `b` has too. */
function firstShared(a: Set<string>, b: Set<string>): string | undefined {
  for (const s of a) if (b.has(s)) return s
  return undefined
}

export function leakageDecisions(text: string, systemSecrets: readonly PreparedSecret[] = []): Decision[] {
  const decisions: Decision[] = []
  const secrets = leakedSecrets(text, systemSecrets)
  if (secrets.length) {
    decisions.push({ ruleId: 'leakage.system_secret', category: 'leakage', action: 'block', spans: secrets, detail: 'reply repeats system prompt or internal marker text' })
  }
  const creds = patternSpans(text, SECRET_PATTERNS)
  if (creds.length) {
    decisions.push({ ruleId: 'leakage.credential', category: 'leakage', action: 'block', spans: creds, detail: `credential pattern(s): ${[...new Set(creds.map((c) => c.type))].join(', ')}` })
  }
  const notes = patternSpans(text, INTERNAL_MARKERS)
  if (notes.length) {
    decisions.push({ ruleId: 'leakage.internal_marker', category: 'leakage', action: 'block', spans: notes, detail: 'internal-note or system-prompt marker' })
  }
  const disclosure = patternSpans(text, DISCLOSURE_MARKERS)
  if (disclosure.length) {
    decisions.push({ ruleId: 'leakage.prompt_disclosure', category: 'leakage', action: 'block', spans: disclosure, detail: 'reply describes or quotes its own instructions' })
  }
  return decisions
}

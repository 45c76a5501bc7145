/** Replies that leak the system prompt, internal markers, credentials or internal notes are blocked. */
import data from '../data/leakage.json' with { type: 'json' }
import { normalize, words } from '../../text/tokenize.js'
import type { Decision, Span } from '../types.js'

interface PatternEntry {
  id: string
  pattern: string
  flags?: string
}

function patternSpans(text: string, entries: PatternEntry[]): Span[] {
  const out: Span[] = []
  for (const e of entries) {
    for (const m of text.matchAll(new RegExp(e.pattern, `g${e.flags ?? ''}`))) {
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], type: e.id })
    }
  }
  return out
}

function shingles(tokens: string[], n: number): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join(' '))
  return out
}

/**
 * A secret counts as leaked when a short one (a marker, a key) appears verbatim (case-insensitive),
 * or a long one (a prompt) shares any run of `promptShingleTokens` words with the reply.
 */
export function leakedSecrets(text: string, secrets: readonly string[]): Span[] {
  const out: Span[] = []
  const lower = normalize(text)
  const replyTokens = words(text)
  const n = data.promptShingleTokens
  const replyShingles = shingles(replyTokens, n)
  for (const secret of secrets) {
    if (!secret.trim()) continue
    const secretTokens = words(secret)
    if (secretTokens.length <= data.shortSecretMaxTokens) {
      const needle = normalize(secret)
      const at = lower.indexOf(needle)
      if (at >= 0) out.push({ start: at, end: at + needle.length, text: text.slice(at, at + needle.length), type: 'system_secret' })
      continue
    }
    const hit = [...shingles(secretTokens, n)].find((s) => replyShingles.has(s))
    if (hit) out.push({ start: 0, end: text.length, text: hit, type: 'system_prompt' })
  }
  return out
}

export function leakageDecisions(text: string, systemSecrets: readonly string[] = []): Decision[] {
  const decisions: Decision[] = []
  const secrets = leakedSecrets(text, systemSecrets)
  if (secrets.length) {
    decisions.push({ ruleId: 'leakage.system_secret', category: 'leakage', action: 'block', spans: secrets, detail: 'reply repeats system prompt or internal marker text' })
  }
  const creds = patternSpans(text, data.secretPatterns)
  if (creds.length) {
    decisions.push({ ruleId: 'leakage.credential', category: 'leakage', action: 'block', spans: creds, detail: `credential pattern(s): ${[...new Set(creds.map((c) => c.type))].join(', ')}` })
  }
  const notes = patternSpans(text, data.internalMarkers)
  if (notes.length) {
    decisions.push({ ruleId: 'leakage.internal_marker', category: 'leakage', action: 'block', spans: notes, detail: 'internal-note or system-prompt marker' })
  }
  return decisions
}

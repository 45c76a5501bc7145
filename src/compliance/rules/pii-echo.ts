/**
 * Replies may repeat the customer's own PII (to confirm it) but must not reveal any other:
 * PII in a reply that the customer never wrote is rewritten out.
 */
import data from '../data/pii.json' with { type: 'json' }
import type { Lang } from '../../models/types.js'
import type { Decision, PiiMatch } from '../types.js'
import { detectPii, piiKey } from './pii.js'

export function customerPiiKeys(customerTexts: readonly string[], now?: Date): Set<string> {
  const keys = new Set<string>()
  for (const t of customerTexts) for (const m of detectPii(t, now)) keys.add(piiKey(m))
  return keys
}

export interface EchoResult {
  decision: Decision | null
  /** Matches the customer did write (to be masked in storage). */
  echoed: PiiMatch[]
  /** Matches to remove from the reply. */
  foreign: PiiMatch[]
}

export function piiEcho(replyMatches: readonly PiiMatch[], customerKeys: Set<string>, allowed: Set<string>, lang: Lang): EchoResult {
  const echoed: PiiMatch[] = []
  const foreign: PiiMatch[] = []
  for (const m of replyMatches) {
    const key = piiKey(m)
    if (allowed.has(key)) continue
    ;(customerKeys.has(key) ? echoed : foreign).push(m)
  }
  const decision: Decision | null = foreign.length
    ? {
        ruleId: 'pii_echo.foreign',
        category: 'pii_echo',
        action: 'rewrite',
        spans: foreign,
        detail: `${foreign.length} PII value(s) not given by the customer removed; replaced with ${data.echoReplacement[lang]}`,
      }
    : null
  return { decision, echoed, foreign }
}

export function echoReplacement(lang: Lang): string {
  return data.echoReplacement[lang]
}

import type { Lang } from '../../models/types.js'
import { normalize } from '../../text/tokenize.js'

export interface EscalationLists {
  /** Removed before matching: "人工智能" is not a request for 人工 service. */
  ignore: string[]
  human: Record<Lang, string[]>
  legal: Record<Lang, string[]>
  complaint: Record<Lang, string[]>
}

export interface EscalationSignals {
  humanRequested: boolean
  legalThreat: boolean
  complaint: boolean
  /** The phrases that matched, for the handoff packet and audits. */
  matched: string[]
}

type Matcher = (text: string) => string[]

/**
 * Explicit wishes no intent model should have to guess: "a real person", "转人工", "my lawyer".
 * English phrases match on word boundaries; Chinese phrases as substrings. Both languages are
 * always checked, since customers mix them.
 */
export function createEscalationDetector(lists: EscalationLists): (text: string) => EscalationSignals {
  const compile = (byLang: Record<Lang, string[]>): Matcher => {
    const en = byLang.en.map((p) => ({ p, re: new RegExp(`(?<![\\p{L}\\p{N}])${escape(normalize(p))}(?![\\p{L}\\p{N}])`, 'u') }))
    const zh = byLang.zh.map((p) => normalize(p))
    return (text) => [...en.filter(({ re }) => re.test(text)).map(({ p }) => p), ...zh.filter((p) => text.includes(p))]
  }
  const human = compile(lists.human)
  const legal = compile(lists.legal)
  const complaint = compile(lists.complaint)
  const ignore = lists.ignore.map((p) => normalize(p))
  return (raw) => {
    let text = normalize(raw).replace(/[’‘]/g, "'")
    for (const phrase of ignore) text = text.split(phrase).join(' ')
    const m = { human: human(text), legal: legal(text), complaint: complaint(text) }
    return {
      humanRequested: m.human.length > 0,
      legalThreat: m.legal.length > 0,
      complaint: m.complaint.length > 0,
      matched: [...m.human, ...m.legal, ...m.complaint],
    }
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

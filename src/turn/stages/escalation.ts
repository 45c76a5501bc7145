import type { Lang } from '../../models/types.js'
import { clauseStart } from '../../text/clauses.js'
import { normalize, searchTerms } from '../../text/tokenize.js'

export interface EscalationLists {
  /** Removed before matching: "人工智能" is not a request for 人工 service. */
  ignore: string[]
  human: Record<Lang, string[]>
  legal: Record<Lang, string[]>
  complaint: Record<Lang, string[]>
  /** Words a request for a person may hold without naming a topic ("please", "now", 帮我, 处理). */
  requestWords?: Record<Lang, string[]>
}

export interface EscalationSignals {
  humanRequested: boolean
  legalThreat: boolean
  complaint: boolean
  /** The customer said they do not want a person ("I don't need to speak to an agent"): an intent model's guess is overruled. */
  humanDeclined: boolean
  /** The phrases that matched, for the handoff packet and audits. */
  matched: string[]
  /** The message without the phrases said (normalised), or as written when none was: what the customer wants help with. */
  topic: string
  /** A phrase was said and the rest names no topic ("I want to talk to a person, please", 转人工): nothing to look up. */
  nothingElse: boolean
}

/** The phrases said (with where), and those only found negated. */
type Matcher = (text: string) => { said: string[]; negated: string[]; spans: Array<[number, number]> }

/**
 * Explicit wishes no intent model should have to guess: "a real person", "转人工", "my lawyer".
 * English phrases match on word boundaries; Chinese phrases as substrings. Both languages are
 * always checked, since customers mix them.
 */
export function createEscalationDetector(lists: EscalationLists): (text: string) => EscalationSignals {
  const compile = (byLang: Record<Lang, string[]>): Matcher => {
    const en = byLang.en.map((p) => ({ p, re: new RegExp(`(?<![\\p{L}\\p{N}])${escape(normalize(p))}(?![\\p{L}\\p{N}])`, 'gu') }))
    const zh = byLang.zh.map((p) => normalize(p))
    const said = (text: string, at: number) => !NEGATED.test(text.slice(clauseStart(text, at, CLAUSE_END), at))
    return (text) => {
      const found = [
        ...en.map(({ p, re }) => ({ p, at: [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length })) })),
        ...zh.map((p) => ({ p, at: occurrences(text, p).map((start) => ({ start, end: start + p.length })) })),
      ]
      const out = { said: [] as string[], negated: [] as string[], spans: [] as Array<[number, number]> }
      for (const f of found) {
        const at = f.at.filter(({ start }) => said(text, start))
        if (at.length) out.said.push(f.p)
        else if (f.at.length) out.negated.push(f.p)
        for (const { start, end } of at) out.spans.push([start, end])
      }
      return out
    }
  }
  const human = compile(lists.human)
  const legal = compile(lists.legal)
  const complaint = compile(lists.complaint)
  const ignore = lists.ignore.map((p) => normalize(p))
  const request = new Set(Object.values(lists.requestWords ?? {}).flat().flatMap((w) => searchTerms(w)))
  return (raw) => {
    let text = normalize(raw).replace(/[’‘]/g, "'")
    for (const phrase of ignore) text = text.split(phrase).join(' ')
    const m = { human: human(text), legal: legal(text), complaint: complaint(text) }
    const matched = [...m.human.said, ...m.legal.said, ...m.complaint.said]
    // Nothing said: the message as written is the topic (the ignored phrases are part of it: 人工智能).
    const topic = matched.length ? without(text, [...m.human.spans, ...m.legal.spans, ...m.complaint.spans]) : raw
    return {
      humanRequested: m.human.said.length > 0,
      legalThreat: m.legal.said.length > 0,
      complaint: m.complaint.said.length > 0,
      humanDeclined: m.human.said.length === 0 && m.human.negated.length > 0,
      matched,
      topic,
      nothingElse: matched.length > 0 && searchTerms(topic).every((t) => request.has(t)),
    }
  }
}

/**
 * "No, I don't need to speak to an agent", "不需要转人工": a phrase in the scope of a negation earlier
 * in its clause is not said. "Why can't I talk to a person?" is a request, so "can't" is no negator.
 */
const NEGATED = /\b(?:(?:do|does|did|will|would)(?:n'?t| not) (?:need|want|have)(?: to)?|no need(?: to)?|(?:is|it's) not necessary(?: to)?|never mind|without|not going to|no longer (?:need|want)(?: to)?)\b[^.!?]*$|(?:不需要|不用|不要|无需|没必要|不必|别)[^，。！？；、]{0,3}$/u
const CLAUSE_END = /[.!?,;，。！？；]/

/** The text with the spans blanked out (they may overlap: "找客服" inside "我要找客服"). */
function without(text: string, spans: Array<[number, number]>): string {
  // Offsets are UTF-16 code units, as the matches gave them.
  const units = text.split('')
  for (const [start, end] of spans) for (let i = start; i < end; i++) units[i] = ' '
  return units.join('').replace(/\s+/g, ' ').trim()
}

function occurrences(text: string, phrase: string): number[] {
  const out: number[] = []
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) out.push(at)
  return out
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

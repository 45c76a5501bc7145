/**
 * PII detection: patterns find candidates, checksums and plausibility checks confirm them.
 * Used on customer input (mask/keep/block per policy) and, via pii-echo, on replies.
 */
import { isIPv6 } from 'node:net'
import data from '../data/pii.json' with { type: 'json' }
import type { CompliancePolicy } from '../policy.js'
import { foldWidth, overlaps, replaceSpans } from '../spans.js'
import type { Action, Decision, PiiMatch, PiiType } from '../types.js'
import { cnIdValid, digitsOnly, ibanValid, ipv4Valid, luhnValid } from './pii-validators.js'

interface Detector {
  type: PiiType
  pattern: RegExp
  accept: (m: string, text: string, index: number) => boolean
}

const passportKeyword = new RegExp(data.passportKeywords.map((k) => k.replace(/\s+/g, '\\s*')).join('|'), 'i')

function nearPassportKeyword(text: string, index: number, length: number): boolean {
  const w = data.passportKeywordWindow
  return passportKeyword.test(text.slice(Math.max(0, index - w), index + length + w))
}

/** In priority order: an earlier detector's match wins an overlap. Regexes are created per call (they are stateful). */
function detectors(now: Date): Detector[] {
  return [
    {
      type: 'email',
      pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
      accept: () => true,
    },
    {
      type: 'iban',
      pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g,
      accept: (m) => ibanValid(m, data.ibanLengths),
    },
    {
      type: 'cn_id',
      pattern: /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g,
      accept: (m) => cnIdValid(m, { minYear: data.cnIdMinYear, regionFirstDigits: data.cnIdRegionFirstDigits, now }),
    },
    {
      type: 'bank_card',
      pattern: /(?<![\d+\-.])\d{4}(?:[ -]?\d{2,6}){2,4}(?![\d]|[.,]\d)/g,
      accept: (m) => {
        const d = digitsOnly(m)
        if (d.length < 13 || d.length > 19) return false
        if (/[ -]/.test(m) && new Set(m.match(/[ -]/g)).size > 1) return false
        return data.cardPrefixes.some((p) => d.startsWith(p)) && luhnValid(d)
      },
    },
    {
      // China mainland mobile, optional +86 / 0086 / 86 prefix, optional 3-4-4 grouping.
      type: 'phone',
      pattern: /(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g,
      accept: () => true,
    },
    {
      // China landline: area code 0xx / 0xxx with a separator or parentheses, 7-8 digit local number.
      type: 'phone',
      pattern: /(?<![\d+])(?:\(0\d{2,3}\) ?|（0\d{2,3}）|0\d{2,3}[ -])\d{7,8}(?:-\d{1,5})?(?!\d)/g,
      accept: () => true,
    },
    {
      // International E.164: +CC then 7-14 more digits, spaces/dashes/parentheses allowed between groups.
      type: 'phone',
      pattern: /(?<![\w+])\+[1-9](?:[ -]?\(?\d\)?){7,14}(?!\d)/g,
      accept: (m) => {
        const n = digitsOnly(m).length
        return n >= 8 && n <= 15
      },
    },
    {
      // China passport: E/G + 8 digits, or the newer E + letter + 7 digits.
      type: 'passport',
      pattern: /(?<![A-Za-z0-9])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![A-Za-z0-9])/g,
      accept: () => true,
    },
    {
      // US passport: 9 digits, only near a passport keyword.
      type: 'passport',
      pattern: /(?<![\dA-Za-z])\d{9}(?![\dA-Za-z])/g,
      accept: (m, text, index) => nearPassportKeyword(text, index, m.length),
    },
    {
      type: 'ip',
      pattern: /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g,
      accept: (m) => ipv4Valid(m),
    },
    {
      type: 'ip',
      pattern: /(?<![:\w])(?:[0-9A-Fa-f]{1,4}:|:){1,7}(?::|(?::?[0-9A-Fa-f]{1,4}))(?::[0-9A-Fa-f]{1,4})*(?![:\w])/g,
      accept: (m) => m.replace(/:/g, '').length >= 2 && isIPv6(m),
    },
  ]
}

/** All PII in text, non-overlapping, in text order. */
export function detectPii(text: string, now: Date = new Date()): PiiMatch[] {
  const folded = foldWidth(text)
  const found: PiiMatch[] = []
  for (const d of detectors(now)) {
    for (const m of folded.matchAll(d.pattern)) {
      const start = m.index
      const span: PiiMatch = { start, end: start + m[0].length, text: text.slice(start, start + m[0].length), type: d.type }
      if (found.some((f) => overlaps(f, span))) continue
      if (!d.accept(m[0], folded, start)) continue
      found.push(span)
    }
  }
  return found.sort((a, b) => a.start - b.start)
}

/** A comparable form of a PII value: lowercase e-mail, bare digits for numbers (CN country code dropped). */
export function piiKey(m: PiiMatch): string {
  const t = foldWidth(m.text)
  switch (m.type) {
    case 'email':
      return `email:${t.toLowerCase()}`
    case 'iban':
    case 'passport':
    case 'ip':
      return `${m.type}:${t.replace(/[\s-]/g, '').toUpperCase()}`
    case 'phone': {
      let d = digitsOnly(t)
      if (/^(?:0086|86)1[3-9]\d{9}$/.test(d)) d = d.slice(d.length - 11)
      return `phone:${d}`
    }
    default:
      return `${m.type}:${digitsOnly(t)}${/x$/i.test(t) ? 'X' : ''}`
  }
}

export function maskFor(type: PiiType): string {
  return data.masks[type]
}

/** Mask PII per policy: `mask` and `block` types are masked, `keep` types stay. */
export function maskPii(text: string, matches: readonly PiiMatch[], policy: CompliancePolicy): string {
  const toMask = matches.filter((m) => policy.pii[m.type] !== 'keep')
  return replaceSpans(text, toMask, (s) => maskFor(s.type as PiiType))
}

const POLICY_ACTION: Record<'mask' | 'keep' | 'block', Action> = { mask: 'redact', keep: 'allow', block: 'block' }

/** Input rule: one decision per PII type present. */
export function piiInputDecisions(matches: readonly PiiMatch[], policy: CompliancePolicy): Decision[] {
  const byType = new Map<PiiType, PiiMatch[]>()
  for (const m of matches) byType.set(m.type, [...(byType.get(m.type) ?? []), m])
  return [...byType].map(([type, spans]) => ({
    ruleId: `pii.${type}`,
    category: 'pii' as const,
    action: POLICY_ACTION[policy.pii[type]],
    spans,
    detail: `${spans.length} ${type} value(s); policy ${policy.pii[type]}`,
  }))
}

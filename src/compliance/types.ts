import type { Lang } from '../models/types.js'

export type Action = 'allow' | 'redact' | 'rewrite' | 'block' | 'handoff'

/** Strength order used to pick the overall action: a later entry wins. */
export const ACTION_ORDER: readonly Action[] = ['allow', 'redact', 'rewrite', 'block', 'handoff']

export function strongest(actions: Iterable<Action>): Action {
  let best: Action = 'allow'
  for (const a of actions) if (ACTION_ORDER.indexOf(a) > ACTION_ORDER.indexOf(best)) best = a
  return best
}

export interface Span {
  start: number
  end: number
  text: string
  type?: string
}

export type Category = 'pii' | 'injection' | 'unsafe' | 'advertising' | 'leakage' | 'pii_echo' | 'grounding'

export interface Decision {
  ruleId: string
  category: Category
  action: Action
  spans: Span[]
  detail?: string
  priority?: 'urgent' | 'normal'
  /** A reply to send instead (refusals, self-harm support), in the customer's language. */
  safeReply?: string
  /** Model score behind the decision, when the rule has one. */
  score?: number
}

export interface CheckResult {
  /** The strongest action of all decisions. */
  action: Action
  decisions: Decision[]
  /** Text after redaction/rewrite (what may be shown or sent). */
  text: string
  /** Text with customer PII masked per policy, for storage and logs. */
  masked: string
  /** What to say instead, when the strongest decision carries a safe reply (refusal, self-harm support). */
  safeReply?: string
}

export type UnsafeCategory = 'self_harm' | 'violence' | 'sexual_minors' | 'hate'

export interface ModerationResult {
  flagged: boolean
  /** Per-category flag or score 0..1 (flagged at >= 0.5). */
  categories: Partial<Record<UnsafeCategory, boolean | number>>
}

export type Moderation = (text: string) => Promise<ModerationResult>

export interface InputContext {
  lang: Lang
}

export interface OutputContext {
  lang: Lang
  /** Everything the customer wrote in this conversation. */
  customerTexts: string[]
  /**
   * Knowledge-base passages the reply is drawn from, given only for an answer written from them (not
   * for canned or agents' replies). PII printed there is the company's own published contact details
   * ("write to business@…"), so a reply may repeat it; every figure in the reply must be found there,
   * in `customerTexts` or in `repliedTexts` (grounding).
   */
  publishedTexts?: readonly string[]
  /**
   * What the bot and agents already told the customer in this conversation (the answerer reads it as
   * history): its figures were checked when sent, or written by a person, so a reply may repeat them.
   */
  repliedTexts?: readonly string[]
  /** System prompt text and internal markers that must never appear in a reply. */
  systemSecrets?: string[]
  /** Skip the AI label (the stream gate checks sentence by sentence; label the whole reply once). */
  skipLabel?: boolean
}

/** A PII hit found by a detector; `type` is the PII type key. */
export interface PiiMatch extends Span {
  type: PiiType
}

export type PiiType = 'email' | 'phone' | 'cn_id' | 'bank_card' | 'iban' | 'passport' | 'ip'
export const PII_TYPES: readonly PiiType[] = ['email', 'phone', 'cn_id', 'bank_card', 'iban', 'passport', 'ip']

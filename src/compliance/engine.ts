/**
 * The compliance pipeline: every customer message is checked on the way in, every reply before any
 * of its text is sent, every retrieved passage before it reaches the prompt.
 */
import type { Lang } from '../models/types.js'
import { type CompliancePolicy, type CompliancePolicyInput, parsePolicy } from './policy.js'
import { advertisingDecision, findAdvertising, rewriteAdvertising } from './rules/advertising.js'
import { injectionDecision } from './rules/injection.js'
import { leakageDecisions, prepareSecrets } from './rules/leakage.js'
import { customerGroundsOf, type Grounds, groundingDecision, groundsOf, unsupportedFigures } from './rules/grounding.js'
import { customerPiiKeys, echoReplacement, piiEcho } from './rules/pii-echo.js'
import { detectPii, maskPii, piiInputDecisions, piiKey } from './rules/pii.js'
import { unsafeDecisions } from './rules/unsafe.js'
import { publishedMatcher } from './published.js'
import { replaceSpans } from './spans.js'
import { ACTION_ORDER, type CheckResult, type Decision, type InputContext, type Moderation, type OutputContext, type Span, strongest } from './types.js'

/** Passage verdicts remembered per engine (oldest forgotten first). */
const PASSAGE_MEMO_SIZE = 5000

export interface ComplianceDeps {
  moderation?: Moderation
  /** Clock for the ID birth-date plausibility check. */
  now?: () => Date
  /** The model provider's system prompts: every reply is checked against them (with each call's own secrets). */
  systemSecrets?: readonly string[]
}

export interface ComplianceEngine {
  readonly policy: CompliancePolicy
  checkInput(text: string, ctx: InputContext): Promise<CheckResult>
  checkOutput(text: string, ctx: OutputContext): Promise<CheckResult>
  /** Decisions for a retrieved passage; a `block` means drop the passage. */
  checkPassage(text: string): Decision[]
  /** The AI label text for a language, or '' when labelling is off. */
  label(lang: Lang): string
}

/**
 * Drops the spans a reply copied from its published passages, and a decision left with none. A
 * decision that names no span (a moderation verdict on the whole text) stands.
 */
function withoutPublished(decisions: Decision[], isPublished: (span: Span) => boolean): Decision[] {
  return decisions.flatMap((d) => {
    if (!d.spans.length) return [d]
    const spans = d.spans.filter((s) => !isPublished(s))
    return spans.length ? [{ ...d, spans }] : []
  })
}

function safeReplyOf(decisions: Decision[]): string | undefined {
  const ranked = [...decisions].filter((d) => d.safeReply).sort((a, b) => ACTION_ORDER.indexOf(b.action) - ACTION_ORDER.indexOf(a.action) || (a.priority === 'urgent' ? -1 : 1))
  return ranked[0]?.safeReply
}

function result(decisions: Decision[], text: string, masked: string): CheckResult {
  const action = strongest(decisions.map((d) => d.action))
  const safeReply = action === 'block' || action === 'handoff' ? safeReplyOf(decisions) : undefined
  return { action, decisions, text, masked, ...(safeReply ? { safeReply } : {}) }
}

export function createComplianceEngine(cfg: CompliancePolicyInput | CompliancePolicy = {}, deps: ComplianceDeps = {}): ComplianceEngine {
  const policy = parsePolicy(cfg)
  const now = deps.now ?? (() => new Date())
  const allowedKeys = new Set(policy.allowedOutputPii.flatMap((s) => detectPii(s, now()).map(piiKey)))
  const providerSecrets = prepareSecrets(deps.systemSecrets ?? [])
  // A streamed reply is checked sentence by sentence against the same passages: read them once.
  const publishedKeys = new WeakMap<readonly string[], Set<string>>()
  const allowedFor = (published: readonly string[] | undefined) => {
    if (!published?.length) return allowedKeys
    let keys = publishedKeys.get(published)
    if (!keys) {
      keys = new Set(allowedKeys)
      for (const t of published) for (const m of detectPii(t, now())) keys.add(piiKey(m))
      publishedKeys.set(published, keys)
    }
    return keys
  }

  const publishedFor = publishedMatcher()
  // Figures of each passage and message: the same passages and history come back turn
  // after turn, so each text is read once (bounded; the oldest is forgotten first).
  const remembered = (read: (text: string) => Grounds) => {
    const byText = new Map<string, Grounds>()
    return (text: string) => {
      let grounds = byText.get(text)
      if (grounds) return grounds
      grounds = read(text)
      if (byText.size >= PASSAGE_MEMO_SIZE) byText.delete(byText.keys().next().value!)
      byText.set(text, grounds)
      return grounds
    }
  }
  const groundsFor = remembered((text) => groundsOf([text]))
  const customerGroundsFor = remembered(customerGroundsOf)
  // The company's own configured contact details are true wherever they appear.
  const policyGrounds = groundsOf(policy.allowedOutputPii)

  const passageVerdicts = new Map<string, Decision[]>()
  const label = (lang: Lang) => (policy.label.enabled ? policy.label.text[lang] : '')

  return {
    policy,
    label,

    async checkInput(text, ctx) {
      const pii = detectPii(text, now())
      const decisions: Decision[] = [...piiInputDecisions(pii, policy)]
      const inj = injectionDecision(text, 'input', ctx.lang, policy.injection.inputThreshold)
      if (inj) decisions.push(inj)
      decisions.push(...(await unsafeDecisions(text, ctx.lang, policy.unsafe.input, deps.moderation)))
      return result(decisions, text, maskPii(text, pii, policy))
    },

    async checkOutput(text, ctx) {
      const secrets = ctx.systemSecrets?.length ? [...providerSecrets, ...prepareSecrets(ctx.systemSecrets)] : providerSecrets
      const decisions: Decision[] = [...leakageDecisions(text, secrets)]
      const isPublished = publishedFor(ctx.publishedTexts)
      decisions.push(...withoutPublished(await unsafeDecisions(text, ctx.lang, policy.unsafe.output, deps.moderation), (span) => isPublished(text, span)))

      if (policy.grounding.enabled && ctx.publishedTexts) {
        const sources = [...ctx.publishedTexts, ...(ctx.repliedTexts ?? [])].map(groundsFor)
        const figures = unsupportedFigures(text, [...sources, ...ctx.customerTexts.map(customerGroundsFor), policyGrounds])
        const grounding = groundingDecision(figures)
        if (grounding) decisions.push(grounding)
      }

      const customerKeys = customerPiiKeys(ctx.customerTexts, now())
      const allowed = allowedFor(ctx.publishedTexts)
      const echo = piiEcho(detectPii(text, now()), customerKeys, allowed, ctx.lang)
      if (echo.decision) decisions.push(echo.decision)
      let out = replaceSpans(text, echo.foreign, () => echoReplacement(ctx.lang))

      if (policy.advertising.enabled) {
        const hits = findAdvertising(out, policy.advertising.categories)
        const ad = advertisingDecision(hits)
        if (ad) {
          decisions.push(ad)
          out = rewriteAdvertising(out, hits)
        }
      }

      const action = strongest(decisions.map((d) => d.action))
      if (action === 'block' || action === 'handoff') {
        // Nothing of a blocked reply is released, not even in logs.
        return result(decisions, '', '')
      }
      const lbl = ctx.skipLabel ? '' : label(ctx.lang)
      if (lbl) out = policy.label.position === 'prepend' ? `${lbl}\n${out}` : `${out}\n${lbl}`
      const remaining = detectPii(out, now()).filter((m) => !allowed.has(piiKey(m)))
      return result(decisions, out, maskPii(out, remaining, policy))
    },

    checkPassage(text) {
      // The same knowledge-base passages come back turn after turn; their verdict does not change.
      const known = passageVerdicts.get(text)
      if (known) return known
      const d = injectionDecision(text, 'passage', 'en', policy.injection.passageThreshold)
      const verdict = d ? [d] : []
      if (passageVerdicts.size >= PASSAGE_MEMO_SIZE) passageVerdicts.delete(passageVerdicts.keys().next().value!)
      passageVerdicts.set(text, verdict)
      return verdict
    },
  }
}

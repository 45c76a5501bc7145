import type { CheckResult } from '../../compliance/types.js'
import type { Lang } from '../../models/types.js'
import type { ComplianceChecks } from '../deps.js'

export interface InputCheck extends CheckResult {
  /** The customer may not be answered by the bot (injection, unsafe content, PII policy `block`). */
  blocked: boolean
  /** Hand straight to a person (e.g. self-harm), with its urgency. */
  handoff: { priority: 'urgent' | 'normal'; safeReply?: string } | null
}

/** Stage 1: PII, prompt injection and unsafe content in what the customer wrote. */
export async function checkInput(compliance: ComplianceChecks, text: string, lang: Lang): Promise<InputCheck> {
  const result = await compliance.checkInput(text, { lang })
  const handoffDecision = result.decisions.find((d) => d.action === 'handoff')
  return {
    ...result,
    blocked: result.action === 'block',
    handoff: handoffDecision ? { priority: handoffDecision.priority ?? 'normal', safeReply: handoffDecision.safeReply } : null,
  }
}

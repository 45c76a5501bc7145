import { createStreamGate } from '../../compliance/stream-gate.js'
import type { CheckResult, OutputContext as ComplianceContext } from '../../compliance/types.js'
import type { ComplianceChecks } from '../deps.js'

/** `publishedTexts` only for an answer drawn from passages: its figures must be found there (or in what the customer wrote or was told). */
export type OutputContext = Pick<ComplianceContext, 'lang' | 'customerTexts' | 'publishedTexts' | 'repliedTexts'>

/** Stage 7: the reply, checked before any of it leaves (PII echo, advertising terms, leakage, unsupported figures). */
export async function checkOutput(compliance: ComplianceChecks, text: string, ctx: OutputContext): Promise<CheckResult> {
  return compliance.checkOutput(text, ctx)
}

/**
 * Stage 7, streamed: each sentence is checked before `emit` sees it, so no unchecked text is ever
 * released; after a block nothing more is. The AI label, when configured, follows the last sentence.
 */
export function checkedStream(compliance: ComplianceChecks, ctx: OutputContext, emit: (text: string) => void) {
  const gate = createStreamGate((sentence) => compliance.checkOutput(sentence, { ...ctx, skipLabel: true }), emit)
  return {
    push: (delta: string) => void gate.push(delta),
    /** `complete: false` when the answer failed midway: what was released stays, the rest is dropped. */
    async end(complete = true): Promise<CheckResult> {
      const result = await gate.end(complete)
      const label = compliance.label(ctx.lang)
      if (!complete || !label || !result.text || result.action === 'block' || result.action === 'handoff') return result
      emit(`\n${label}`)
      return { ...result, text: `${result.text}\n${label}`, masked: `${result.masked}\n${label}` }
    },
  }
}

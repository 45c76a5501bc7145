import type { CallOptions, HandoffSummarizer, HandoffSummaryInput } from '../types.js'
import { createChat, toMessages } from './chat.js'
import type { ChatConfig } from './config.js'
import { toProviderError } from './errors.js'
import { assertPrompts, renderPrompt } from './prompts.js'

const ROLE = { customer: 'Customer', bot: 'Bot', agent: 'Agent' } as const

/**
 * Abstractive hand-off note for the agent. Callers should pass an already PII-masked
 * transcript and keep the extractive summary as the fallback when this throws.
 */
export function createOpenAIHandoffSummarizer(cfg: ChatConfig): HandoffSummarizer {
  assertPrompts(cfg.prompts, ['handoff-summary'])
  const chat = createChat(cfg)
  return {
    async summarize(input: HandoffSummaryInput, opts?: CallOptions): Promise<string> {
      const prompt = renderPrompt(cfg.prompts, 'handoff-summary', input.lang, {
        intent: input.intent ?? 'unknown',
        sentiment: input.sentiment,
        reason: input.reason,
        transcript: input.transcript.map((m) => `${ROLE[m.role]}: ${m.text}`).join('\n'),
      })
      try {
        const msg = await chat.invoke(toMessages(prompt), { signal: opts?.signal })
        return (typeof msg.content === 'string' ? msg.content : msg.text).trim()
      } catch (e) {
        throw toProviderError(e, prompt.id)
      }
    },
  }
}

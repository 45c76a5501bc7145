import type { Providers } from '../types.js'
import { createOpenAIAnswerer } from './answerer.js'
import type { OpenAIProviderConfig } from './config.js'
import { createOpenAIEmbedder } from './embedder.js'
import { createOpenAIIntentTrainer } from './intent.js'
import { assertPrompts, systemSections } from './prompts.js'
import { createOpenAISentiment } from './sentiment.js'

export type { ChatConfig, OpenAIProviderConfig } from './config.js'
export { ProviderError, type ProviderErrorKind } from './errors.js'
export { loadPrompts, renderPrompt, DEFAULT_PROMPT_DIR, PROMPT_VERSIONS, type PromptSet, type PromptName } from './prompts.js'

/** Remote providers; every call failure surfaces as a ProviderError after LangChain's retries. */
export function createOpenAIProviders(cfg: OpenAIProviderConfig): Providers {
  assertPrompts(cfg.prompts, ['answer', 'intent', 'sentiment'])
  return {
    name: 'openai',
    embedder: createOpenAIEmbedder(cfg),
    trainIntents: createOpenAIIntentTrainer(cfg),
    sentiment: createOpenAISentiment(cfg),
    answerer: createOpenAIAnswerer(cfg),
    systemPrompts: systemSections(cfg.prompts),
  }
}
export { createOpenAIJudge, type JudgeInput, type Verdict } from './judge.js'
export { createOpenAIHandoffSummarizer, type HandoffSummaryInput } from './handoff-summary.js'

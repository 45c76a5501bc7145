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
  // Chat calls are made inside a turn, which retries transient faults itself within its budget
  // (TURN_PROVIDER_RETRIES, short backoff). The SDK's own retries back off a second or more, also
  // after a reply that breaks the schema, and used up the sentiment and intent stages' whole deadline.
  const turnChat = { ...cfg, maxRetries: 0 }
  return {
    name: 'openai',
    embedder: createOpenAIEmbedder(cfg),
    trainIntents: createOpenAIIntentTrainer(turnChat),
    sentiment: createOpenAISentiment(turnChat),
    answerer: createOpenAIAnswerer(turnChat),
    systemPrompts: systemSections(cfg.prompts),
  }
}
export { createOpenAIJudge, type JudgeInput, type Verdict } from './judge.js'
export { createOpenAIHandoffSummarizer } from './handoff-summary.js'

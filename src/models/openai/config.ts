import type { PromptSet } from './prompts.js'

export interface OpenAIProviderConfig {
  apiKey: string
  /** OpenAI-compatible endpoint including `/v1`; defaults to api.openai.com. */
  baseURL?: string
  chatModel: string
  embeddingModel: string
  embeddingDim: number
  /** Per attempt, not per call: a call may take up to (maxRetries + 1) * timeoutMs plus backoff. */
  timeoutMs: number
  /** LangChain AsyncCaller retries (exponential backoff); the SDK's own retries are off. */
  maxRetries: number
  prompts: PromptSet
}

/** What a chat-only helper (judge, hand-off summary) needs. */
export type ChatConfig = Omit<OpenAIProviderConfig, 'embeddingModel' | 'embeddingDim'>

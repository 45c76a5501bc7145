import { z } from 'zod'
import { detectLang } from '../../text/lang.js'
import type { SentimentAnalyzer, SentimentResult } from '../types.js'
import { callStructured, createChat } from './chat.js'
import type { OpenAIProviderConfig } from './config.js'
import { renderPrompt } from './prompts.js'

const SentimentOutput = z.object({
  label: z.enum(['negative', 'neutral', 'positive']),
  score: z.number().min(-1).max(1),
})

export function createOpenAISentiment(cfg: OpenAIProviderConfig): SentimentAnalyzer {
  const chat = createChat(cfg)
  return {
    async analyze(text, lang, opts): Promise<SentimentResult> {
      const prompt = renderPrompt(cfg.prompts, 'sentiment', lang ?? detectLang(text), { text })
      const { label, score } = await callStructured(chat, SentimentOutput, 'rate_sentiment', prompt, opts)
      // The label is the model's decision; make the score's sign agree with it.
      const s = Math.abs(score)
      return { label, score: label === 'negative' ? -s : label === 'positive' ? s : score }
    },
  }
}

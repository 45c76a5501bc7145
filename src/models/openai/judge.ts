import { z } from 'zod'
import { callStructured, createChat } from './chat.js'
import type { ChatConfig } from './config.js'
import { assertPrompts, renderPrompt } from './prompts.js'

export interface JudgeInput {
  question: string
  /** The human-written reference answer from the eval set. */
  reference: string
  answer: string
}

export interface Verdict {
  correct: boolean
  reason: string
}

const VerdictOutput = z.object({ correct: z.boolean(), reason: z.string() })

/** LLM judge for evals: is a free-form answer correct given the reference? English prompt for both languages. */
export function createOpenAIJudge(cfg: ChatConfig) {
  assertPrompts(cfg.prompts, ['judge'])
  const chat = createChat(cfg)
  return {
    async judge(input: JudgeInput): Promise<Verdict> {
      const prompt = renderPrompt(cfg.prompts, 'judge', 'en', { ...input })
      return callStructured(chat, VerdictOutput, 'grade_answer', prompt)
    },
  }
}

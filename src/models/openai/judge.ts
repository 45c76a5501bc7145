import { z } from 'zod'
import { callStructured, createChat } from './chat.js'
import type { ChatConfig } from './config.js'
import { assertPrompts, renderPrompt } from './prompts.js'

export interface JudgeInput {
  question: string
  /** From the eval case: an answer written by a person (answer_span), or the facts an answer must state (answer_contains). */
  reference: { kind: 'answer'; text: string } | { kind: 'key facts'; facts: string[] }
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
      const { reference } = input
      const text = reference.kind === 'answer' ? reference.text : reference.facts.map((f) => `- ${f}`).join('\n')
      const referenceKind = reference.kind === 'answer' ? 'an answer written by a person' : 'key facts a correct answer states'
      const prompt = renderPrompt(cfg.prompts, 'judge', 'en', { question: input.question, reference_kind: referenceKind, reference: text, answer: input.answer })
      return callStructured(chat, VerdictOutput, 'grade_answer', prompt)
    },
  }
}

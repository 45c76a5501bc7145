/**
 * Optional LLM judge (`--judge`): grades free-form answers against the case's reference with
 * prompts/judge.v1.en.md through the openai provider's judge, and reports how often it agrees with
 * the deterministic content check. It never runs without OPENAI_API_KEY.
 */
import type { Config } from '../src/config.js'
import type { JudgeInput } from '../src/models/openai/judge.js'
import { contentCorrect } from './metrics/score.js'
import type { JudgeSummary } from './report/types.js'
import type { ScoredCase } from './types.js'
import { errorLine } from './run/runner.js'

export interface Judge {
  judge(input: JudgeInput): Promise<{ correct: boolean; reason: string }>
}

export async function createJudge(config: Config): Promise<Judge | null> {
  if (!config.OPENAI_API_KEY) return null
  const { createOpenAIJudge, loadPrompts } = await import('../src/models/openai/index.js')
  return createOpenAIJudge({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    chatModel: config.OPENAI_CHAT_MODEL,
    timeoutMs: Math.max(config.PROVIDER_TIMEOUT_MS, 15_000),
    maxRetries: config.PROVIDER_MAX_RETRIES,
    prompts: await loadPrompts(config.PROMPTS_DIR),
  })
}

/** Cases the judge grades: an answer was given and the case has a reference text. */
export function judgeable(c: ScoredCase): boolean {
  const e = c.expected
  return !c.error && c.got.route === 'answer' && !c.got.blocked && !!c.got.message && !!(e.answer_span || e.answer_contains?.length)
}

/** A person's answer when the case has one; otherwise the facts it must contain, which the judge reads as such. */
export const referenceOf = (c: ScoredCase): JudgeInput['reference'] =>
  c.expected.answer_span ? { kind: 'answer', text: c.expected.answer_span } : { kind: 'key facts', facts: c.expected.answer_contains! }

/** Grades the judgeable cases in place (sets `judge`) and summarises. */
export async function runJudge(judge: Judge, cases: ScoredCase[], model: string, onProgress?: (done: number, total: number) => void): Promise<JudgeSummary> {
  const todo = cases.filter(judgeable)
  let agree = 0
  let correct = 0
  let errors = 0
  let firstError: string | undefined
  for (const [i, c] of todo.entries()) {
    try {
      c.judge = await judge.judge({ question: c.input, reference: referenceOf(c), answer: c.got.message! })
      if (c.judge.correct) correct++
      if (c.judge.correct === contentCorrect(c.expected, c.got.message).ok) agree++
    } catch (err) {
      errors++
      firstError ??= errorLine(err, 200)
    }
    onProgress?.(i + 1, todo.length)
  }
  const judged = todo.length - errors
  return { model, n: judged, judge_accuracy: judged ? correct / judged : null, agreement: judged ? agree / judged : null, errors, ...(firstError ? { first_error: firstError } : {}) }
}

/**
 * The demo suite, end to end through the real pipeline, in CI.
 *
 * Issue 3 asks CI to fail under the 92% answer-accuracy target. Until the local provider reached it
 * (2026-12-07, 92.05%: 336 of 365) CI enforced a regression floor just under each day's figure; it
 * now fails under the target itself, as report.json's `passed` and `npm run eval`'s exit code do.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEMO, runEval } from '../../evals/cli.js'
import { parseEvalArgs } from '../../evals/args.js'

const OUT = fileURLToPath(new URL('../artifacts/demo-suite/', import.meta.url))
/** The head questions (evals/datasets/head-questions.jsonl): short questions, scored apart from the suite (72.6% on 2026-12-07). */
const HEAD = fileURLToPath(new URL('../../evals/datasets/head-questions.jsonl', import.meta.url))
const HEAD_FLOOR = 0.71

describe('demo suite', () => {
  it('keeps answer accuracy at or above the 92% target', async () => {
    expect(existsSync(DEMO.dataset), `${DEMO.dataset} is missing`).toBe(true)
    const { report } = await runEval(parseEvalArgs(['--out', OUT, '--no-progress']), { stderr: () => {}, env: {} })
    const m = report.metrics
    const wrong = report.cases.filter((c) => c.checks.answer === false).map((c) => c.id)
    console.log(`demo suite: answer_accuracy ${m.answer_accuracy.value} (n=${m.answer_accuracy.n}), target ${report.target}, passed ${report.passed}; ${wrong.length} answers wrong: ${wrong.slice(0, 30).join(', ')}`)
    expect(report.gate.metric).toBe('answer_accuracy')
    expect(report.target).toBe(0.92)
    expect(report.passed).toBe((m.answer_accuracy.value ?? 0) >= 0.92)
    expect(report.passed, `answer_accuracy ${m.answer_accuracy.value} is under the target`).toBe(true)
  }, 600_000)

  it(`keeps the head questions' answer accuracy above their floor (${HEAD_FLOOR})`, async () => {
    const { report } = await runEval(parseEvalArgs(['--dataset', HEAD, '--out', `${OUT}head/`, '--no-progress']), { stderr: () => {}, env: {} })
    const m = report.metrics
    console.log(`head questions: answer_accuracy ${m.answer_accuracy.value} (n=${m.answer_accuracy.n}), retrieval_hit_at_1 ${m.retrieval_hit_at_1.value}`)
    expect(m.answer_accuracy.n).toBe(124)
    expect(m.answer_accuracy.value).toBeGreaterThanOrEqual(HEAD_FLOOR)
  }, 600_000)
})

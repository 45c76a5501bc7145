/**
 * CI gate (issue 3): the demo suite, end to end through the real pipeline, must reach 92% answer
 * accuracy. It fails until the models and content are good enough; the report lands in
 * test/artifacts/demo-suite/ for inspection.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEMO, runEval } from '../../evals/cli.js'
import { parseEvalArgs } from '../../evals/args.js'

const OUT = fileURLToPath(new URL('../artifacts/demo-suite/', import.meta.url))

describe('demo suite gate', () => {
  it('reaches the 92% answer-accuracy target', async () => {
    expect(existsSync(DEMO.dataset), `${DEMO.dataset} is missing`).toBe(true)
    const { report } = await runEval(parseEvalArgs(['--out', OUT, '--no-progress']), { stderr: () => {}, env: {} })
    const m = report.metrics
    const wrong = report.cases.filter((c) => c.checks.answer === false).map((c) => c.id)
    console.log(`demo suite: answer_accuracy ${m.answer_accuracy.value} (n=${m.answer_accuracy.n}); ${wrong.length} answers wrong: ${wrong.slice(0, 30).join(', ')}`)
    expect(report.gate.metric).toBe('answer_accuracy')
    expect(m.answer_accuracy.value).toBeGreaterThanOrEqual(0.92)
  }, 600_000)
})

/**
 * The CLI's main() on a small case file through the real pipeline (local providers, compliance
 * engine, demo KB and intents in PGlite), with two runs, a baseline and the LLM judge pointed at
 * the loopback fake OpenAI server. Asserts the plumbing, not model quality.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../evals/cli.js'
import { buildReport } from '../../evals/report/write.js'
import type { Report } from '../../evals/report/types.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { scored } from './helpers.js'

const FIXTURE = fileURLToPath(new URL('./fixtures/small.jsonl', import.meta.url))
const IDS = ['return-window-en', 'human-en', 'greeting-en', 'refund-zh', 'angry-followup', 'injection-en']

let dir: string
let fake: FakeOpenAI
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-e2e-'))
  fake = await startFakeOpenAI({ chat: () => ({ json: { correct: true, reason: 'scripted' } }) })
})
afterAll(async () => {
  await fake?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('eval CLI end to end', () => {
  it('runs every case through runTurn, scores, compares and writes the reports', async () => {
    // A baseline in which every case run was right: whatever fails now is listed as worse.
    const baseline = buildReport({ dataset: 'old', format: 'parley', provider: 'local', runs: 2, notes: [], cases: IDS.flatMap((id) => [0, 1].map((run) => scored(id, { route: 'answer' }, {}, { run }))) })
    await writeFile(join(dir, 'baseline.json'), JSON.stringify(baseline))
    const out: string[] = []
    const code = await main(['--dataset', FIXTURE, '--runs', '2', '--out', join(dir, 'out'), '--baseline', join(dir, 'baseline.json'), '--judge'], {
      stdout: (t) => out.push(t),
      stderr: () => {},
      progress: false,
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fake.url },
    })
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as Report
    expect(code).toBe(report.passed ? 0 : 1)
    expect(report.passed).toBe((report.metrics.answer_accuracy.value ?? 0) >= 0.92)
    expect(report.cases).toHaveLength(12)
    expect(report.cases.filter((c) => c.error)).toEqual([])
    expect(new Set(report.cases.map((c) => c.id))).toEqual(new Set(IDS))
    expect(report.metrics.answer_accuracy.n).toBe(12)
    expect(report.metrics.consistency?.n).toBe(6)
    expect(report.metrics.latency_ms.n).toBe(12)
    // the earlier customer message was sent first: the scored turn is the last one
    expect(report.cases.find((c) => c.id === 'angry-followup')!.input).toMatch(/^This is the third time/)
    for (const c of report.cases) expect(typeof c.got.intent).toBe('string')
    // judge: one request per free-form answer with a reference that the bot answered
    const judgeable = report.cases.filter((c) => c.got.route === 'answer' && !c.got.blocked && c.got.message && (c.expected.answer_span || c.expected.answer_contains))
    expect(report.judge).toMatchObject({ model: 'gpt-4o-mini', n: judgeable.length, errors: 0 })
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(judgeable.length)
    // baseline: every case run that is wrong now got worse
    const wrong = report.cases.filter((c) => !c.correct).map((c) => `${c.id}#${c.run}`)
    expect(report.baseline!.worse.map((w) => `${w.id}#${w.run}`).sort()).toEqual(wrong.sort())
    expect(out.join('\n')).toMatch(/answer_accuracy .* 12/)
    expect(await readFile(join(dir, 'out', 'report.html'), 'utf8')).toContain('<svg')
    expect(await readFile(join(dir, 'out', 'baseline-diff.json'), 'utf8')).toContain('"worse"')
  }, 240_000)
})

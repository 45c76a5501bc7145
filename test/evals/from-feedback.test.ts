/**
 * Rated answers as eval cases (npm run eval:from-feedback): the conversation up to the rated
 * answer's question, expecting an answer, with the reply and its sources for review, in a file the
 * eval CLI reads.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feedbackCases } from '../../src/feedback/eval-cases.js'
import { parseParleyCases } from '../../evals/formats/parley.js'
import { call, createTestApp, type TestApp } from '../support/app.js'

const run = promisify(execFile)
const DAY = 86_400_000

describe('answers rated by customers, as eval cases', () => {
  let t: TestApp
  const window = () => ({ from: new Date(Date.now() - DAY), to: new Date(Date.now() + DAY) })
  beforeAll(async () => {
    t = await createTestApp('pglite', { RATE_LIMIT_ENABLED: 'false' })
    const who = { 'x-customer-id': 'rater' }
    const conversation = (await call(t.app, 'POST', '/v1/conversations', {}, who)).body.id
    const ask = async (text: string) => (await call(t.app, 'POST', `/v1/conversations/${conversation}/messages`, { text }, who)).body
    const rate = async (reply: { reply_id: string }, helpful: boolean) =>
      expect((await call(t.app, 'PUT', `/v1/conversations/${conversation}/messages/${reply.reply_id}/feedback`, { helpful }, who)).status).toBe(200)
    const first = await ask('How do I return an item?')
    const second = await ask('How long does the refund take after that?')
    expect([first.route, second.route]).toEqual(['answer', 'answer'])
    await rate(first, true)
    await rate(second, false)
  })
  afterAll(() => t?.close())

  it('writes the unhelpful answer with the conversation before it, and a file the eval CLI reads', async () => {
    const cases = await feedbackCases(t.deps.db, 'demo', { helpful: false, ...window() })
    expect(cases).toHaveLength(1)
    const [c] = cases
    expect(c.id).toMatch(/^feedback-/)
    expect(c.lang).toBe('en')
    expect(c.messages.map((m) => m.role)).toEqual(['customer', 'bot', 'customer'])
    expect(c.messages.at(-1)?.text).toBe('How long does the refund take after that?')
    expect(c.expected).toEqual({ route: 'answer' })
    expect(c.review.helpful).toBe(false)
    expect(c.review.reply.length).toBeGreaterThan(20)
    expect(c.review.cited_doc_ids.length).toBeGreaterThan(0)
    const loaded = parseParleyCases(cases.map((x) => JSON.stringify(x)).join('\n'), 'feedback.jsonl')
    expect(loaded.cases[0].turns).toEqual(['How do I return an item?', 'How long does the refund take after that?'])
  })

  it('--helpful takes the other votes; votes outside the days asked for stay out', async () => {
    const helpful = await feedbackCases(t.deps.db, 'demo', { helpful: true, ...window() })
    expect(helpful.map((c) => c.messages.map((m) => m.text))).toEqual([['How do I return an item?']])
    expect(await feedbackCases(t.deps.db, 'demo', { helpful: false, from: new Date(Date.now() + DAY), to: new Date(Date.now() + 2 * DAY) })).toEqual([])
    expect(await feedbackCases(t.deps.db, 'other', { helpful: false, ...window() })).toEqual([])
  })

  it('the command refuses a bad date before it opens any database', async () => {
    const failed = await run('npx', ['tsx', 'src/cli/eval-from-feedback.ts', '--from', '2026-13-01'], { env: { ...process.env, LOG_LEVEL: 'silent' } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    expect([failed?.code, failed?.stderr.split('\n')[0]]).toEqual([2, 'eval:from-feedback: --from must be a date, YYYY-MM-DD'])
    // A day that Date.parse would roll over into March is refused too, as the analytics API refuses it.
    const rolled = await run('npx', ['tsx', 'src/cli/eval-from-feedback.ts', '--to', '2026-02-30'], { env: { ...process.env, LOG_LEVEL: 'silent' } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    expect([rolled?.code, rolled?.stderr.split('\n')[0]]).toEqual([2, 'eval:from-feedback: --to must be a date, YYYY-MM-DD'])
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppDeps } from '../../src/deps.js'
import type { EvalCase } from '../../evals/types.js'

// The pipeline is replaced by a recorder: these tests are about what the runner sends and stores, not about turns.
const turns = vi.hoisted(() => ({ sent: [] as Array<{ conversationId: string; text: string }>, fail: undefined as Error | undefined }))
vi.mock('../../src/turn/turn.js', () => ({
  runTurn: async (_deps: unknown, input: { conversationId: string; text: string }) => {
    turns.sent.push({ conversationId: input.conversationId, text: input.text })
    if (turns.fail) throw turns.fail
    return {
      latencyMs: 5,
      reply: { message: 'ok', intent: { name: 'x', confidence: 1 }, route: 'answer', sentiment: { label: 'neutral', score: 0 }, blocked: false, citations: [] },
      stages: { route: { reasons: [] } },
    }
  },
}))
const { cleanCases, countTooLong, runCases } = await import('../../evals/run/runner.js')

const deps = { config: { DEFAULT_TENANT: 't' }, db: { insert: () => ({ values: async () => {} }) } } as unknown as AppDeps
const cases = cleanCases(['one', 'two', 'three', 'four'].map((text) => ({ id: text, turns: [text], expected: { route: 'answer' } })))

beforeEach(() => {
  turns.sent = []
  turns.fail = undefined
})

describe('runCases', () => {
  it('runs a few untimed warm-up turns in a conversation of their own before the cases', async () => {
    const runs = await runCases(deps, cases)
    expect(runs.map((r) => r.id)).toEqual(['one', 'two', 'three', 'four'])
    const warmUp = turns.sent.slice(0, 3)
    expect(warmUp.map((t) => t.text)).toEqual(['one', 'two', 'three'])
    expect(new Set(warmUp.map((t) => t.conversationId)).size).toBe(1)
    const scored = turns.sent.slice(3)
    expect(scored.map((t) => t.text)).toEqual(['one', 'two', 'three', 'four'])
    expect(scored.some((t) => t.conversationId === warmUp[0].conversationId)).toBe(false)
  })

  it('cleans each customer message as the HTTP API does, and refuses one that is empty once cleaned', async () => {
    const [dirty, empty] = await runCases(
      deps,
      cleanCases([
        { id: 'nul', turns: ['  where is\u0000 my order?\u0007 '], expected: { route: 'answer' } },
        { id: 'empty', turns: ['\u0000\u200b'], expected: { route: 'answer' } },
      ]),
    )
    expect(turns.sent.at(-1)!.text).toBe('where is my order?')
    expect(dirty.error).toBeUndefined()
    expect(empty.error).toBe('input refused by the API: text must not be empty')
  })

  it('stores an error on one line of at most 300 characters, with its cause first', async () => {
    const sql = `Failed query: insert into "messages" ("id", "text") values ($1, $2)\nparams: ${'x'.repeat(4000)}`
    turns.fail = new Error(sql, { cause: new Error('invalid byte sequence for encoding "UTF8": 0x00') })
    const [run] = await runCases(deps, [cases[0]])
    expect(run.error).toMatch(/^invalid byte sequence for encoding "UTF8": 0x00 \(in: Failed query: insert into "messages"/)
    expect(run.error).not.toContain('\n')
    expect(run.error!.length).toBeLessThanOrEqual(300)
  })
})

describe('countTooLong', () => {
  it('counts the customer messages the API would refuse as too long, measured once cleaned', () => {
    const long = (n: number) => 'a'.repeat(n)
    const set: EvalCase[] = [
      { id: 'a', turns: [long(4001)], expected: { route: 'answer' } },
      { id: 'b', turns: [long(4001), `${long(4000)}\u0000\u0000 `], expected: { route: 'answer' } },
      { id: 'c', turns: [long(4000)], expected: { route: 'answer' } },
    ]
    expect(countTooLong(cleanCases(set), 4000)).toBe(2)
  })
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOpenAIProviders, loadPrompts, ProviderError } from '../../src/models/openai/index.js'
import type { AnswerRequest, Providers } from '../../src/models/types.js'
import { guardModels, withRetries, type GuardedModels } from '../../src/turn/resilience.js'
import type { IntentModel } from '../../src/turn/deps.js'
import { startFakeOpenAI, type Fault, type FakeOpenAI } from '../support/fake-openai.js'

describe('withRetries', () => {
  it('aborts the signal of an attempt that overran, and gives the next attempt a fresh one', async () => {
    const signals: AbortSignal[] = []
    // A clock that stands still: the overrun leaves the budget untouched, so a retry follows.
    const result = await withRetries(
      async (signal) => {
        signals.push(signal)
        if (signals.length === 1) return new Promise<string>(() => {}) // hangs, whatever its signal says
        return 'second'
      },
      { until: 60, retries: 1, baseMs: 1, now: () => 0, what: 'test call' },
    )
    expect(result).toBe('second')
    expect(signals).toHaveLength(2)
    expect(signals[0].aborted).toBe(true)
    expect(signals[0].reason).toMatchObject({ name: 'ProviderError', kind: 'timeout' })
    expect(signals[1]).not.toBe(signals[0])
    expect(signals[1].aborted).toBe(false)
  })
})

/** The SDK's own timeout: so far away that only the turn's abort can close a request before it. */
const SDK_TIMEOUT_MS = 60_000
/** How long the server may take to see a cancelled request closed: generous, and still far below the SDK timeout. */
const CLOSE_WITHIN_MS = 10_000

const closesWithin = (closed: Promise<void>, ms: number) =>
  Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())])

const req: AnswerRequest = {
  question: 'How long do refunds take?',
  lang: 'en',
  passages: [{ chunkId: 'k1', docId: 'd1', title: 'Refunds', url: null, text: 'Refunds take 5 days.', score: 1 }],
}

describe('a turn that gives up on a provider call cancels its request', () => {
  let fake: FakeOpenAI
  let providers: Providers
  let intents: IntentModel

  beforeAll(async () => {
    fake = await startFakeOpenAI({ chat: () => 'Refunds take 5 days [1]. They go back to your card [1].' })
    providers = createOpenAIProviders({
      apiKey: 'sk-test', baseURL: fake.url, chatModel: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small', embeddingDim: 8,
      timeoutMs: SDK_TIMEOUT_MS, maxRetries: 0, prompts: await loadPrompts(),
    })
    intents = { classifier: await providers.trainIntents([{ text: 'I want my money back', intent: 'refund' }]), routes: {} }
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.requests.length = 0
  })

  const hang: Fault = { kind: 'delay', ms: SDK_TIMEOUT_MS }
  it.each<[string, Fault, string, (m: GuardedModels) => Promise<unknown>]>([
    ['a chat completion', hang, '/v1/chat/completions', (m) => m.answerer.answer(req)],
    ['a structured chat completion (sentiment)', hang, '/v1/chat/completions', (m) => m.sentiment.analyze('hello', 'en')],
    ['a structured chat completion (intent)', hang, '/v1/chat/completions', (m) => m.intents.classifier.classify('hello', 'en')],
    ['a streamed answer before its first chunk', hang, '/v1/chat/completions', (m) => m.answerer.stream!(req, () => {})],
    ['a streamed answer stalled midway', { kind: 'stall' }, '/v1/chat/completions', (m) => m.answerer.stream!(req, () => {})],
    ['an embeddings request', hang, '/v1/embeddings', (m) => m.embedder.embed(['How long do refunds take?'])],
  ])('%s', async (_, fault, path, call) => {
    fake.setFault(fault)
    // Short, but long enough for each request to reach the server on a busy machine.
    const models = guardModels({ providers, intents }, { budgetMs: 1500, retries: 0, retryBaseMs: 10, fallback: null })
    const error = await call(models).then(() => null, (e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ kind: 'timeout' })
    const sent = fake.requests.filter((r) => r.path === path)
    expect(sent).toHaveLength(1)
    expect(await closesWithin(sent[0].closed, CLOSE_WITHIN_MS)).toBe(true)
  })
})

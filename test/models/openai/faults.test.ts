import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOpenAIProviders, loadPrompts, ProviderError, type OpenAIProviderConfig } from '../../../src/models/openai/index.js'
import { toProviderError } from '../../../src/models/openai/errors.js'
import type { AnswerRequest, Providers } from '../../../src/models/types.js'
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.js'

const req: AnswerRequest = {
  question: 'How long do refunds take?',
  lang: 'en',
  passages: [{ chunkId: 'k1', docId: 'd1', title: 'Refunds', url: null, text: 'Refunds take 5 days.', score: 1 }],
}

let fake: FakeOpenAI
let base: OpenAIProviderConfig
const chatCalls = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').length

beforeAll(async () => {
  fake = await startFakeOpenAI({ chat: () => 'Refunds take 5 days [1].', apiKey: 'sk-right' })
  base = { apiKey: 'sk-right', baseURL: fake.url, chatModel: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small', embeddingDim: 8, timeoutMs: 5_000, maxRetries: 0, prompts: await loadPrompts() }
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.requests.length = 0
  fake.setFault(null)
  fake.setChatHandler(() => 'Refunds take 5 days [1].')
})

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(ProviderError)
  return e as ProviderError
}

describe('provider failures surface as ProviderError', () => {
  it('a non-JSON response body is malformed', async () => {
    fake.setFault({ kind: 'malformed' })
    const e = await failure(createOpenAIProviders(base).answerer.answer(req))
    expect(e.kind).toBe('malformed')
  })

  it('structured output that is not JSON, or misses fields, is malformed', async () => {
    const { sentiment } = createOpenAIProviders(base)
    fake.setChatHandler(() => 'I think it is negative')
    expect((await failure(sentiment.analyze('bad'))).kind).toBe('malformed')
    fake.setChatHandler(() => ({ json: { label: 'furious', score: -1 } }))
    expect((await failure(sentiment.analyze('bad'))).kind).toBe('malformed')
  })

  const embedCalls = () => fake.requests.filter((r) => r.path === '/v1/embeddings').length

  it('a 500 is retried and succeeds when the server recovers (embeddings)', async () => {
    fake.setFault({ kind: 'status', status: 500, times: 1 })
    const vs = await createOpenAIProviders({ ...base, maxRetries: 2 }).embedder.embed(['a'])
    expect(vs[0]).toHaveLength(8)
    expect(embedCalls()).toBe(2)
  })

  it('a persistent 500 surfaces as server after maxRetries + 1 attempts (embeddings)', async () => {
    fake.setFault({ kind: 'status', status: 500 })
    const e = await failure(createOpenAIProviders({ ...base, maxRetries: 1 }).embedder.embed(['a']))
    expect(e).toMatchObject({ kind: 'server', status: 500 })
    expect(embedCalls()).toBe(2)
  })

  it('the chat calls a turn makes are not retried by the SDK: the turn retries them within its budget', async () => {
    fake.setFault({ kind: 'status', status: 500 })
    const providers = createOpenAIProviders({ ...base, maxRetries: 2 })
    expect((await failure(providers.answerer.answer(req))).kind).toBe('server')
    expect((await failure(providers.sentiment.analyze('hi'))).kind).toBe('server')
    expect(chatCalls()).toBe(2)
  })

  it('a 429 without retry-after surfaces as rate_limit without hammering the server', async () => {
    fake.setFault({ kind: 'status', status: 429 })
    const e = await failure(createOpenAIProviders({ ...base, maxRetries: 3 }).sentiment.analyze('hi'))
    expect(e.kind).toBe('rate_limit')
    expect(chatCalls()).toBe(1)
  })

  it('a 429 with a short retry-after is waited out and retried', async () => {
    fake.setFault({ kind: 'status', status: 429, times: 1, retryAfterSeconds: 0 })
    const vs = await createOpenAIProviders({ ...base, maxRetries: 2 }).embedder.embed(['a'])
    expect(vs[0]).toHaveLength(8)
    expect(fake.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(2)
  })

  it('an error message that echoes the API key does not carry it on (it is logged)', () => {
    const e = toProviderError(Object.assign(new Error('401 Incorrect API key provided: sk-proj-AbCdEf123456789xyz.'), { status: 401 }), 'answer.v1.en')
    expect(e.kind).toBe('auth')
    expect(e.message).toBe('answer.v1.en: 401 Incorrect API key provided: sk-***.')
  })

  it('a wrong API key is auth and is not retried', async () => {
    const e = await failure(createOpenAIProviders({ ...base, apiKey: 'sk-wrong', maxRetries: 3 }).answerer.answer(req))
    expect(e).toMatchObject({ kind: 'auth', status: 401 })
    expect(chatCalls()).toBe(1)
  })

  it('a server slower than timeoutMs is a timeout', async () => {
    fake.setFault({ kind: 'delay', ms: 10_000 })
    const e = await failure(createOpenAIProviders({ ...base, timeoutMs: 200 }).answerer.answer(req))
    expect(e.kind).toBe('timeout')
  })

  it.each<[string, (p: Providers, signal: AbortSignal) => Promise<unknown>]>([
    ['answer', (p, signal) => p.answerer.answer(req, { signal })],
    ['stream', (p, signal) => p.answerer.stream!(req, () => {}, { signal })],
    ['sentiment', (p, signal) => p.sentiment.analyze('hi', 'en', { signal })],
    ['embeddings', (p, signal) => p.embedder.embed(['a'], { signal })],
  ])('a call its caller aborts (%s) is a timeout, whatever the SDK timeout', async (_, call) => {
    fake.setFault({ kind: 'delay', ms: 60_000 })
    const abort = new AbortController()
    const pending = failure(call(createOpenAIProviders({ ...base, timeoutMs: 60_000 }), abort.signal))
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1))
    abort.abort()
    expect((await pending).kind).toBe('timeout')
  })

  it('a stream that stops before finish_reason is malformed, after emitting what arrived', async () => {
    fake.setFault({ kind: 'truncate' })
    const deltas: string[] = []
    const e = await failure(createOpenAIProviders(base).answerer.stream!(req, (d) => deltas.push(d)))
    expect(e.kind).toBe('malformed')
    expect(e.message).toMatch(/truncated/)
    expect('Refunds take 5 days [1].'.startsWith(deltas.join(''))).toBe(true)
  })

  it.each(['length', 'content_filter'])('an answer the model stopped early (finish_reason %s) is malformed, streamed or not', async (finishReason) => {
    fake.setChatHandler(() => ({ content: 'You can return an item within 30 days [1]. Opened items can', finishReason }))
    const whole = await failure(createOpenAIProviders(base).answerer.answer(req))
    expect(whole).toMatchObject({ kind: 'malformed', message: expect.stringMatching(new RegExp(`finish_reason ${finishReason}`)) })
    const streamed = await failure(createOpenAIProviders(base).answerer.stream!(req, () => {}))
    expect(streamed.kind).toBe('malformed')
  })

  it('an answer in another language than the question is malformed, and nothing of it is streamed', async () => {
    fake.setChatHandler(() => 'You can return the item within 7 days of delivery [1]. Refunds take 5 days [1].')
    const zh = { ...req, question: '我想退货，怎么办？', lang: 'zh' as const }
    expect(await failure(createOpenAIProviders(base).answerer.answer(zh))).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/not in Chinese/) })
    const deltas: string[] = []
    expect((await failure(createOpenAIProviders(base).answerer.stream!(zh, (d) => deltas.push(d)))).kind).toBe('malformed')
    expect(deltas).toEqual([])
    // In the question's language, every delta is released and they make up the answer.
    fake.setChatHandler(() => '签收后 7 天内可以退货[1]。退款 5 天内到账[1]。')
    const ok: string[] = []
    const a = await createOpenAIProviders(base).answerer.stream!(zh, (d) => ok.push(d))
    expect(ok.join('').trim()).toBe(a.text)
    expect(a.text).toBe('签收后 7 天内可以退货[1]。退款 5 天内到账[1]。')
  })

  it('a streamed answer that cites nothing real streams nothing; a cited one streams up to its markers', async () => {
    fake.setChatHandler(() => 'Returns are always free of charge [7]. We refund every order within one hour [8].')
    const none: string[] = []
    const made = await createOpenAIProviders(base).answerer.stream!(req, (d) => none.push(d))
    expect(none).toEqual([])
    expect(made.coverage).toBe(0)
    fake.setChatHandler(() => 'Refunds take 5 days [1]. Contact us with questions. Keep the receipt [1].')
    const cited: string[] = []
    const a = await createOpenAIProviders(base).answerer.stream!(req, (d) => cited.push(d))
    expect(cited.join('').trim()).toBe(a.text)
    expect(cited[0]).toMatch(/^Refunds take 5 days \[1\]\.\s?$/)
  })

  it('a stream that stalls mid-answer is a timeout', async () => {
    fake.setFault({ kind: 'stall' })
    const deltas: string[] = []
    const e = await failure(createOpenAIProviders({ ...base, timeoutMs: 300 }).answerer.stream!(req, (d) => deltas.push(d)))
    expect(e.kind).toBe('timeout')
    expect(e.message).toMatch(/stalled/)
  })

  it('embeddings of the wrong size are rejected with a clear message', async () => {
    const other = await startFakeOpenAI({ embed: () => [0.1, 0.2, 0.3] })
    try {
      const e = await failure(createOpenAIProviders({ ...base, baseURL: other.url }).embedder.embed(['a']))
      expect(e.kind).toBe('malformed')
      expect(e.message).toMatch(/3 dimensions, expected 8/)
    } finally {
      await other.close()
    }
  })

  it.each([
    ['a NaN in the vector', [0.1, Number.NaN, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]],
    ['an all-zero vector', new Array(8).fill(0)],
  ])('embeddings with %s are rejected, not stored', async (_, vector) => {
    const other = await startFakeOpenAI({ embed: () => vector as number[] })
    try {
      const e = await failure(createOpenAIProviders({ ...base, baseURL: other.url }).embedder.embed(['a']))
      expect(e).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/not a vector of finite, non-zero numbers/) })
    } finally {
      await other.close()
    }
  })

  it('embedding requests of concurrent callers go out together, not two at a time', async () => {
    const spans: Array<[number, number]> = []
    const slow = await startFakeOpenAI({
      pace: { firstTokenMs: 0, tokenMs: 0, embedMs: 150 },
      onExchange: (x) => x.path === '/v1/embeddings' && spans.push([x.receivedAt, x.endAt]),
    })
    try {
      const embedder = createOpenAIProviders({ ...base, baseURL: slow.url }).embedder
      await Promise.all(Array.from({ length: 6 }, (_, i) => embedder.embed([`question ${i}`])))
      // Every request was received before the first one was answered.
      const firstEnd = Math.min(...spans.map(([, end]) => end))
      expect(spans).toHaveLength(6)
      expect(spans.every(([received]) => received < firstEnd)).toBe(true)
    } finally {
      await slow.close()
    }
  })

  it('a closed port is a server error', async () => {
    const gone = await startFakeOpenAI()
    await gone.close()
    const e = await failure(createOpenAIProviders({ ...base, baseURL: gone.url }).sentiment.analyze('hi'))
    expect(e.kind).toBe('server')
  })
})

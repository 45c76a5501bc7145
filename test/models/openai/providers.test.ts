import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOpenAIProviders, loadPrompts, type OpenAIProviderConfig } from '../../../src/models/openai/index.js'
import type { Passage } from '../../../src/models/types.js'
import { hashVector, startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../../support/fake-openai.js'

const passages: Passage[] = [
  { chunkId: 'k1', docId: 'refunds', title: 'Refund policy', url: 'https://help.example/refunds', text: 'Refunds are issued within 5 business days.', score: 0.9 },
  { chunkId: 'k2', docId: 'shipping', title: 'Shipping', url: null, text: 'Standard shipping is free over $50.', score: 0.7 },
]

const system = (r: ChatRequest) => String(r.messages.find((m) => m.role === 'system')?.content ?? '')
const user = (r: ChatRequest) => String(r.messages.find((m) => m.role === 'user')?.content ?? '')

/** A scripted "model": structured calls are answered by which prompt they carry. */
function model(r: ChatRequest) {
  if (r.response_format?.type === 'json_schema' && system(r).includes('classify customer-support messages')) {
    const msg = user(r)
    return { json: { intent: msg.includes('money') ? 'Refund-Request' : 'shipping_status', confidence: 0.8, alternatives: [{ intent: 'shipping_status', score: 0.15 }, { intent: 'made_up', score: 0.05 }] } }
  }
  if (r.response_format?.type === 'json_schema') return { json: user(r).includes('terrible') ? { label: 'negative', score: 0.7 } : { label: 'neutral', score: 0 } }
  return user(r).includes('退款') ? '退款将在5个工作日内处理[1]。原路退回到您的付款账户[1]。' : 'Refunds take 5 business days [1]. Shipping is free over $50 [2].'
}

let fake: FakeOpenAI
let cfg: OpenAIProviderConfig

beforeAll(async () => {
  fake = await startFakeOpenAI({ chat: model, apiKey: 'sk-test' })
  cfg = { apiKey: 'sk-test', baseURL: fake.url, chatModel: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small', embeddingDim: 16, timeoutMs: 5_000, maxRetries: 0, prompts: await loadPrompts() }
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.requests.length = 0
  fake.setChatHandler(model)
})

describe('openai providers over HTTP', () => {
  it('embeds in the configured dimension with deterministic vectors', async () => {
    const { embedder, name } = createOpenAIProviders(cfg)
    expect(name).toBe('openai')
    expect(embedder.id).toBe('openai:text-embedding-3-small:16')
    const vs = await embedder.embed(['hello', 'world', 'hello'])
    expect(vs).toHaveLength(3)
    expect(vs[0]).toHaveLength(16)
    expect(vs[0]).toEqual(vs[2])
    expect(vs[0]).not.toEqual(vs[1])
    // Float32 round trip through the SDK's base64 encoding.
    vs[0].forEach((x, i) => expect(x).toBeCloseTo(hashVector('hello', 16)[i], 5))
    expect(fake.requests[0].body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 16, input: ['hello', 'world', 'hello'] })
    expect(await embedder.embed([])).toEqual([])
  })

  it('classifies intents with exemplars in the prompt and maps near-miss names', async () => {
    const classifier = await createOpenAIProviders(cfg).trainIntents([
      { text: 'I want my money back', intent: 'refund_request' },
      { text: 'refund please', intent: 'refund_request' },
      { text: 'where is my parcel', intent: 'shipping_status' },
    ])
    expect(classifier.intents).toEqual(['refund_request', 'shipping_status'])
    const p = await classifier.classify('give me my money', 'en')
    expect(p).toEqual({ name: 'refund_request', confidence: 0.8, ranking: [{ name: 'refund_request', score: 0.8 }, { name: 'shipping_status', score: 0.15 }] })
    const sent = fake.requests[0].body as ChatRequest
    expect(system(sent)).toContain('- refund_request\n- shipping_status')
    expect(system(sent)).toContain('"where is my parcel"')
    expect(user(sent)).toContain('give me my money')
    expect(sent.response_format?.json_schema?.name).toBe('classify_intent')
  })

  it('rejects an intent name that matches nothing as malformed', async () => {
    fake.setChatHandler(() => ({ json: { intent: 'cancel_subscription', confidence: 0.9, alternatives: [] } }))
    const classifier = await createOpenAIProviders(cfg).trainIntents([{ text: 'refund', intent: 'refund_request' }])
    await expect(classifier.classify('cancel it')).rejects.toMatchObject({ name: 'ProviderError', kind: 'malformed', message: expect.stringContaining('cancel_subscription') })
  })

  it('rates sentiment with a score whose sign agrees with the label', async () => {
    const { sentiment } = createOpenAIProviders(cfg)
    expect(await sentiment.analyze('this is terrible')).toEqual({ label: 'negative', score: -0.7 })
    expect(await sentiment.analyze('where is my order?')).toEqual({ label: 'neutral', score: 0 })
    expect(user(fake.requests[0].body)).toContain('this is terrible')
  })

  it('uses the Chinese prompt for Chinese text', async () => {
    await createOpenAIProviders(cfg).sentiment.analyze('太糟糕了')
    expect(system(fake.requests[0].body)).toContain('情绪')
  })

  it('answers from numbered passages and turns [n] into citations', async () => {
    const { answerer } = createOpenAIProviders(cfg)
    const a = await answerer.answer({ question: 'How long do refunds take?', lang: 'en', passages, history: [{ role: 'customer', text: 'hi' }, { role: 'bot', text: 'Hello!' }] })
    expect(a.text).toBe('Refunds take 5 business days [1]. Shipping is free over $50 [2].')
    expect(a.citations).toEqual([
      { chunkId: 'k1', docId: 'refunds', snippet: passages[0].text },
      { chunkId: 'k2', docId: 'shipping', snippet: passages[1].text },
    ])
    expect(a.coverage).toBe(1)
    const sent = fake.requests[0].body as ChatRequest
    expect(system(sent)).toContain('Answer only from the numbered passages')
    expect(user(sent)).toContain('[1] Refund policy (https://help.example/refunds)\nRefunds are issued within 5 business days.')
    expect(user(sent)).toContain('[2] Shipping\nStandard shipping is free over $50.')
    expect(user(sent)).toContain('Customer: hi\nAssistant: Hello!')
    expect(user(sent)).toContain('How long do refunds take?')
    expect(sent.stream).toBe(false)
  })

  it('streams text deltas whose concatenation is the final answer text', async () => {
    const { answerer } = createOpenAIProviders(cfg)
    const deltas: string[] = []
    const a = await answerer.stream!({ question: '怎么退款？', lang: 'zh', passages }, (d) => deltas.push(d))
    // The first sentence is held until it shows the reply's language; the rest streams as its citations come.
    expect(deltas[0].startsWith('退款将在5个工作日内处理[1]')).toBe(true)
    expect(deltas.length).toBeGreaterThanOrEqual(2)
    expect(deltas.join('').trim()).toBe(a.text)
    expect(a.text).toBe('退款将在5个工作日内处理[1]。原路退回到您的付款账户[1]。')
    expect(a.citations.map((c) => c.chunkId)).toEqual(['k1'])
    expect(fake.requests[0].body.stream).toBe(true)
    expect(system(fake.requests[0].body)).toContain('只能根据')
  })
})

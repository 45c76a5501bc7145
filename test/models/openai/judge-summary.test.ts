import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpenAIHandoffSummarizer, createOpenAIJudge, loadPrompts, type PromptSet } from '../../../src/models/openai/index.js'
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../../support/fake-openai.js'

const user = (r: ChatRequest) => String(r.messages.find((m) => m.role === 'user')?.content ?? '')

let fake: FakeOpenAI
let prompts: PromptSet
beforeAll(async () => {
  // The scripted judge calls an answer correct when it mentions the reference's number.
  fake = await startFakeOpenAI({
    chat: (r) => {
      if (r.response_format?.type === 'json_schema') {
        const correct = /Bot answer:\n.*\b5\b/.test(user(r))
        return { json: { correct, reason: correct ? 'same time limit' : 'wrong time limit' } }
      }
      return '- Customer wants a refund for order 1234.'
    },
  })
  prompts = await loadPrompts()
})
afterAll(() => fake.close())

const cfg = () => ({ apiKey: 'k', baseURL: fake.url, chatModel: 'gpt-4o-mini', timeoutMs: 5_000, maxRetries: 0, prompts })

describe('judge and hand-off summary', () => {
  it('grades an answer against the reference', async () => {
    const { judge } = createOpenAIJudge(cfg())
    const q = { question: 'How long do refunds take?', reference: { kind: 'answer' as const, text: 'Within 5 business days.' } }
    expect(await judge({ ...q, answer: 'Refunds take 5 days [1].' })).toEqual({ correct: true, reason: 'same time limit' })
    expect(await judge({ ...q, answer: 'About two weeks.' })).toMatchObject({ correct: false })
    expect(user(fake.requests.at(-1)!.body)).toContain('Reference (an answer written by a person):\nWithin 5 business days.')
  })

  it('tells the judge when the reference is a list of facts to state, not an answer (answer_contains)', async () => {
    const { judge } = createOpenAIJudge(cfg())
    await judge({ question: 'Can I check out without an account?', reference: { kind: 'key facts', facts: ['guest', '30 days'] }, answer: 'Yes, as a guest.' })
    expect(user(fake.requests.at(-1)!.body)).toContain('Reference (key facts a correct answer states):\n- guest\n- 30 days')
  })

  it('summarises the transcript for the agent in the requested language', async () => {
    const { summarize } = createOpenAIHandoffSummarizer(cfg())
    const note = await summarize({
      lang: 'zh', intent: 'refund_request', sentiment: 'negative', reason: 'customer asked for a human',
      transcript: [{ role: 'customer', text: '订单1234要退款' }, { role: 'bot', text: '好的' }],
    })
    expect(note).toBe('- Customer wants a refund for order 1234.')
    const sent = fake.requests.at(-1)!.body as ChatRequest
    expect(String(sent.messages[0].content)).toContain('交接说明')
    expect(user(sent)).toContain('Customer: 订单1234要退款\nBot: 好的')
  })
})

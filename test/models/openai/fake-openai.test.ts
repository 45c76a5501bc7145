import { ChatOpenAI } from '@langchain/openai'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.js'

// The fake is only useful if the real clients accept what it says; these tests drive it with them.
let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI({ flaggedWords: ['idiot'] })
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.requests.length = 0
  fake.setFault(null)
})

const chat = (model = 'gpt-4o-mini') => new ChatOpenAI({ model, apiKey: 'k', configuration: { baseURL: fake.url }, maxRetries: 0 })

describe('fake OpenAI server', () => {
  it('echoes the last user message by default', async () => {
    const msg = await chat().invoke([{ role: 'user', content: 'ping' }])
    expect(msg.content).toBe('You said: ping')
  })

  it('answers tool-calling structured output (older models) with a tool call', async () => {
    fake.setChatHandler(() => ({ json: { city: 'Paris' } }))
    const out = await chat('gpt-4-turbo').withStructuredOutput(z.object({ city: z.string() }), { name: 'where' }).invoke('where?')
    expect(out).toEqual({ city: 'Paris' })
    expect(fake.requests[0].body.tools[0].function.name).toBe('where')
    expect(fake.requests[0].body.response_format).toBeUndefined()
  })

  it('streams tool-call arguments', async () => {
    fake.setChatHandler(() => ({ json: { n: 1 } }))
    const bound = chat().bindTools([{ type: 'function', function: { name: 'count', parameters: { type: 'object', properties: { n: { type: 'number' } } } } }])
    let args = ''
    for await (const c of await bound.stream('count')) args += c.tool_call_chunks?.map((t) => t.args ?? '').join('') ?? ''
    expect(JSON.parse(args)).toEqual({ n: 1 })
  })

  it('rejects a strict json_schema with optional properties, as OpenAI does', async () => {
    const loose = z.object({ a: z.string(), b: z.string().optional() })
    await expect(chat().withStructuredOutput(loose).invoke('x')).rejects.toMatchObject({ status: 400 })
  })

  it('flags moderation inputs containing configured words', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 })
    const res = await client.moderations.create({ model: 'omni-moderation-latest', input: ['you idiot', 'hello'] })
    expect(res.results.map((r) => r.flagged)).toEqual([true, false])
    expect(res.results[0].categories.harassment).toBe(true)
  })

  it('returns plain float embeddings when asked, honouring dimensions', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 })
    const res = await client.embeddings.create({ model: 'm', input: 'x', dimensions: 5, encoding_format: 'float' })
    expect(res.data[0].embedding).toHaveLength(5)
    expect(Math.hypot(...res.data[0].embedding)).toBeCloseTo(1, 6)
  })

  it('applies a fault only to the next k calls', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 })
    fake.setFault({ kind: 'status', status: 503, times: 1 })
    await expect(client.embeddings.create({ model: 'm', input: 'x' })).rejects.toMatchObject({ status: 503 })
    await expect(client.embeddings.create({ model: 'm', input: 'x' })).resolves.toBeTruthy()
  })
})

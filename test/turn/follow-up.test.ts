import { describe, expect, it } from 'vitest'
import { trainLocalIntents } from '../../src/models/local/intent.js'
import { followUpQuery } from '../../src/turn/stages/follow-up.js'
import { detectIntent } from '../../src/turn/stages/intent.js'

const history = [
  { role: 'customer', text: 'question about the refund for the thermostat I sent back' },
  { role: 'bot', text: 'Happy to help. Which payment method did you use?' },
]

describe('follow-up messages', () => {
  it("reads a short message, or one that points back, with the customer's previous message", () => {
    expect(followUpQuery('PayPal. When will it show up?', history, 3)).toBe(`${history[0].text}\nPayPal. When will it show up?`)
    expect(followUpQuery('那可以寄到澳门吗', [{ role: 'customer', text: '请问你们发什么快递' }], 3)).toBe('请问你们发什么快递\n那可以寄到澳门吗')
    const long = 'And what about the outdoor camera battery warranty period'
    expect(followUpQuery(long, history, 3)).toBe(`${history[0].text}\n${long}`)
  })

  it('leaves a message that stands on its own, or the first one, as it is', () => {
    const standalone = 'How long does standard shipping to Texas take for a thermostat?'
    expect(followUpQuery(standalone, history, 3)).toBeNull()
    expect(followUpQuery('PayPal. When will it show up?', [], 3)).toBeNull()
    // Only the customer's words carry the topic, never the bot's.
    expect(followUpQuery('why?', [{ role: 'bot', text: 'Your refund was issued.' }], 3)).toBeNull()
  })

  it('takes the reading in context when it is surer than the message alone', async () => {
    const classifier = await trainLocalIntents([
      ...['when will my refund arrive', 'refund for the item I sent back', 'where is my money back', 'refund status'].map((text) => ({ text, intent: 'refund_status' })),
      ...['which payment methods do you accept', 'can I pay with PayPal', 'do you take credit cards', 'pay with apple pay'].map((text) => ({ text, intent: 'payment_methods' })),
      ...['where is my package', 'track my order', 'when will my order arrive', 'delivery status'].map((text) => ({ text, intent: 'order_status' })),
    ])
    const model = { classifier, routes: {} }
    const text = 'PayPal. When will it show up?'
    const query = followUpQuery(text, history, 3)
    const alone = await detectIntent(model, text, 'en')
    expect(alone.inContext).toBe(false)
    expect(await detectIntent(model, text, 'en', { query, unsureBelow: 0.35, askMinTerms: 3, sureSmalltalkQuestion: 0.65 })).toMatchObject({ name: 'refund_status', inContext: true })
    // A message that reads surer alone keeps its own reading.
    const switched = 'and which payment methods do you accept?'
    const switchedQuery = followUpQuery(switched, history, 3)
    expect(switchedQuery).not.toBeNull()
    expect(await detectIntent(model, switched, 'en', { query: switchedQuery, unsureBelow: 0.35, askMinTerms: 3, sureSmalltalkQuestion: 0.65 })).toMatchObject({ name: 'payment_methods', inContext: false })
  })
})

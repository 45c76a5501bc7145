import { describe, expect, it } from 'vitest'
import { trainLocalIntents } from '../../src/models/local/intent.js'
import { readFollowUp } from '../../src/turn/stages/follow-up.js'
import { detectIntent } from '../../src/turn/stages/intent.js'

const history = [
  { role: 'customer', text: 'question about the refund for the thermostat I sent back' },
  { role: 'bot', text: 'Happy to help. Which payment method did you use?' },
]

describe('follow-up messages', () => {
  it("reads a short message, or one that points back, with the customer's previous message", () => {
    expect(readFollowUp('PayPal. When will it show up?', history, 3)).toEqual({
      query: `${history[0].text}\nPayPal. When will it show up?`,
      after: history[0].text,
    })
    expect(readFollowUp('那可以寄到澳门吗', [{ role: 'customer', text: '请问你们发什么快递' }], 3).after).toBe('请问你们发什么快递')
    expect(readFollowUp('And what about the outdoor camera battery warranty period', history, 3).after).toBe(history[0].text)
  })

  it('leaves a message that stands on its own, or the first one, as it is', () => {
    const standalone = 'How long does standard shipping to Texas take for a thermostat?'
    expect(readFollowUp(standalone, history, 3)).toEqual({ query: standalone, after: null })
    expect(readFollowUp('PayPal. When will it show up?', [], 3)).toEqual({ query: 'PayPal. When will it show up?', after: null })
    // Only the customer's words carry the topic, never the bot's.
    expect(readFollowUp('why?', [{ role: 'bot', text: 'Your refund was issued.' }], 3).after).toBeNull()
  })

  it('takes the reading in context only when the message alone leaves the intent unsure', async () => {
    const classifier = await trainLocalIntents([
      ...['when will my refund arrive', 'refund for the item I sent back', 'where is my money back', 'refund status'].map((text) => ({ text, intent: 'refund_status' })),
      ...['which payment methods do you accept', 'can I pay with PayPal', 'do you take credit cards', 'pay with apple pay'].map((text) => ({ text, intent: 'payment_methods' })),
      ...['where is my package', 'track my order', 'when will my order arrive', 'delivery status'].map((text) => ({ text, intent: 'order_status' })),
    ])
    const model = { classifier, routes: {} }
    const text = 'PayPal. When will it show up?'
    const followUp = readFollowUp(text, history, 3)
    const alone = await detectIntent(model, text, 'en')
    expect(alone.inContext).toBe(false)
    const unsure = await detectIntent(model, text, 'en', { query: followUp.query, unsureBelow: 1 })
    expect(unsure).toMatchObject({ name: 'refund_status', inContext: true })
    // Confident alone: the earlier message is not consulted.
    expect(await detectIntent(model, text, 'en', { query: followUp.query, unsureBelow: 0 })).toEqual(alone)
  })
})

import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseIntents, RoutesFile } from '../../src/intents/parse.js'
import { trainLocalIntents } from '../../src/models/local/intent.js'
import type { IntentPrediction } from '../../src/models/types.js'
import type { IntentModel } from '../../src/turn/deps.js'
import { detectIntent } from '../../src/turn/stages/intent.js'

const options = { query: null, unsureBelow: 0.35, askMinTerms: 3, sureSmalltalkQuestion: 0.65 }
// The demo deployment's own intents: small talk beside ~30 support intents, as in production.
let model: IntentModel
const smalltalk = (name: string) => model.routes[name] === 'smalltalk'

beforeAll(async () => {
  const classifier = await trainLocalIntents(parseIntents(readFileSync('src/demo/intents.csv', 'utf8')))
  model = { classifier, routes: RoutesFile.parse(JSON.parse(readFileSync('src/demo/routes.json', 'utf8'))) }
})

describe('small talk around a request', () => {
  it('keeps a message that is only small talk as small talk', async () => {
    for (const text of ['Hi there!', 'Hello. Good morning!', 'Hi! Thanks. Bye!', "Alright, that's everything. Bye!", '谢谢，问题解决了。再见！', 'Hi! How are you today?', '你好吗']) {
      expect((await detectIntent(model, text, 'en', options)).route, text).toBe('smalltalk')
    }
  })
  it('reads the request a greeting or thanks opens, even one the intents file does not know', async () => {
    // The whole message reads as confident small talk: the greeting outweighs words the model never saw.
    const whole = await model.classifier.classify('Hey there. I need help avoiding a mortgage foreclosure.', 'en')
    expect(smalltalk(whole.name) && whole.confidence >= options.unsureBelow).toBe(true)
    for (const text of ['Hey there. I need help avoiding a mortgage foreclosure.', 'Great. Can you help me learn what services I can get?']) {
      const stage = await detectIntent(model, text, 'en', options)
      expect(smalltalk(stage.name) && stage.confidence >= options.unsureBelow, text).toBe(false)
      expect(stage.inContext).toBe(false)
    }
  })
  it('reads the request after an opening okay, and a bare yes or no as small talk', async () => {
    const stage = await detectIntent(model, 'ok tell me the requirements?', 'en', options)
    expect(smalltalk(stage.name) && stage.confidence >= options.unsureBelow).toBe(false)
    for (const text of ['no', 'ok', 'ty', '不用了', '好的']) {
      expect((await detectIntent(model, text, 'en', options)).route, text).toBe('smalltalk')
    }
  })
  it('does not take a question with words of its own for a greeting unless the classifier is sure', async () => {
    // A classifier that leans to greeting without conviction, whatever it reads ("good" is a greeting word).
    const reading = { name: 'greeting', confidence: 0.51, ranking: [{ name: 'greeting', score: 0.51 }, { name: 'goodbye', score: 0.11 }, { name: 'invoice', score: 0.04 }] }
    const wavering = { classifier: { intents: ['greeting', 'goodbye', 'invoice'], classify: async () => reading }, routes: model.routes }
    const stage = await detectIntent(wavering, "What's a good recipe for banana bread?", 'en', options)
    expect(stage).toMatchObject({ name: 'invoice', confidence: 0.04, route: 'answer' })
    // Few words of its own, or a sure reading: still small talk.
    expect((await detectIntent(wavering, 'Hello, are you there?', 'en', options)).route).toBe('smalltalk')
    expect((await detectIntent(wavering, "What's a good recipe for banana bread?", 'en', { ...options, sureSmalltalkQuestion: 0.5 })).route).toBe('smalltalk')
    // Under the unsure bar the greeting reading is no small talk either way, and no domain intent:
    // what the out-of-scope check reads is the best domain reading.
    const faint = { name: 'greeting', confidence: 0.3, ranking: [{ name: 'greeting', score: 0.3 }, { name: 'invoice', score: 0.05 }] }
    const unsure = { classifier: { intents: ['greeting', 'invoice'], classify: async () => faint }, routes: model.routes }
    expect(await detectIntent(unsure, 'How do I become a Lumen Home reseller?', 'en', options)).toMatchObject({ name: 'invoice', confidence: 0.05 })
  })

  it('leaves the classifier alone without turn options', async () => {
    expect(await detectIntent(model, 'Hey there. I need help avoiding a mortgage foreclosure.', 'en')).toMatchObject({ name: 'greeting', route: 'smalltalk' })
  })
})

describe('a follow-up read with the message before it', () => {
  const withPrevious = (previous: string, text: string) => ({ ...options, query: `${previous}\n${text}` })
  it('takes the reading of the two together when it is surer, even when the message alone looks clear', async () => {
    // Which reading is surer depends on the model; a fixed classifier pins the rule itself down.
    const readings: Record<string, IntentPrediction> = {
      'I paid with paypal': { name: 'payment_methods', confidence: 0.6, ranking: [] },
      "my refund hasn't arrived\nI paid with paypal": { name: 'refund_status', confidence: 0.8, ranking: [] },
    }
    const fixed: IntentModel = { routes: {}, classifier: { intents: ['payment_methods', 'refund_status'], classify: async (t) => readings[t] } }
    const stage = await detectIntent(fixed, 'I paid with paypal', 'en', withPrevious("my refund hasn't arrived", 'I paid with paypal'))
    expect(stage).toMatchObject({ name: 'refund_status', confidence: 0.8, inContext: true })
    readings["my refund hasn't arrived\nI paid with paypal"].confidence = 0.5
    const unsure = await detectIntent(fixed, 'I paid with paypal', 'en', withPrevious("my refund hasn't arrived", 'I paid with paypal'))
    expect(unsure).toMatchObject({ name: 'payment_methods', inContext: false })
  })
  it('keeps the message alone when it changes the subject', async () => {
    const stage = await detectIntent(model, 'what about returns?', 'en', withPrevious('how much is shipping to canada', 'what about returns?'))
    expect(stage).toMatchObject({ name: 'return_item', inContext: false })
  })
})

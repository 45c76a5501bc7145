import { describe, expect, it } from 'vitest'
import lists from '../../src/turn/data/escalation.json' with { type: 'json' }
import { createEscalationDetector } from '../../src/turn/stages/escalation.js'

const detect = createEscalationDetector(lists)

describe('escalation phrases', () => {
  it.each([
    'Can I talk to a real person please?',
    'no more bots, I want a human',
    'Please transfer me to your manager',
    '转人工',
    '我要找人工客服',
    '你是机器人吧？给我找个真人',
  ])('hears a request for a person: %s', (text) => {
    expect(detect(text).humanRequested).toBe(true)
  })

  it.each([
    'How do I reset my password?',
    'Is the camera compatible with humans and pets detection?',
    '你们的人工智能助手能做什么？',
    'What does the hub do when the internet is down?',
  ])('does not hear one in an ordinary question: %s', (text) => {
    expect(detect(text).humanRequested).toBe(false)
  })

  it.each([
    ["No, I don't need to speak to an agent.", false],
    ['I do not want a human, just tell me the opening hours', false],
    ['不需要转人工，谢谢', false],
    ['不用帮我转人工', false],
    // A negation elsewhere in the message, or a "can't", leaves the request standing.
    ["I don't want to talk to a bot, I want a real person", true],
    ["Why can't I talk to a person?", true],
    ['我不要机器人要人工', true],
  ] as const)('hears a negated request as no request: %s', (text, requested) => {
    expect(detect(text).humanRequested).toBe(requested)
    expect(detect(text).humanDeclined).toBe(!requested)
  })

  it('spots legal threats and complaints in both languages', () => {
    expect(detect('My attorney will be in touch.').legalThreat).toBe(true)
    expect(detect('我要去消协投诉你们').legalThreat).toBe(true)
    expect(detect('我要投诉').complaint).toBe(true)
    expect(detect('This is absolutely unacceptable').complaint).toBe(true)
    expect(detect('Sue is my daughter and she placed the order').legalThreat).toBe(false)
    expect(detect("I'm not going to sue, I just want my refund").legalThreat).toBe(false)
  })

  it.each([
    'I want to talk to a person',
    'Get me a human NOW!!!',
    '转人工',
    '能不能帮我转接一下人工客服？',
    '请安排一位客服专员处理我的问题',
  ])('a bare request for a person has nothing else to look up: %s', (text) => {
    expect(detect(text).nothingElse).toBe(true)
  })

  it('a request with a topic keeps the topic, without the phrase', () => {
    const refund = detect('I want to talk to a human about my refund')
    expect(refund.nothingElse).toBe(false)
    expect(refund.topic).toContain('my refund')
    expect(refund.topic).not.toContain('human')
    const parcel = detect('转人工，我的快递三天没到')
    expect(parcel.nothingElse).toBe(false)
    expect(parcel.topic).toContain('快递三天没到')
    expect(parcel.topic).not.toContain('人工')
    // Nothing said: the message as written is its own topic, an ignored phrase included.
    expect(detect('How do I reset my password?')).toMatchObject({ nothingElse: false, topic: 'How do I reset my password?' })
    expect(detect('你们的人工智能助手能做什么？').topic).toBe('你们的人工智能助手能做什么？')
  })

  it('matches whole words only', () => {
    expect(detect('the scamper toy arrived').complaint).toBe(false)
    expect(detect('that was a scam').complaint).toBe(true)
  })
})

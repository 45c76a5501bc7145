import { describe, expect, it } from 'vitest'
import replies from '../../src/turn/data/replies.json' with { type: 'json' }
import { askedToClarify, clarifyLang, isUnclear } from '../../src/turn/stages/clarify.js'

describe('a message with nothing to look up', () => {
  it('is punctuation or a filler sound, in English or Chinese', () => {
    for (const text of ['?', '...', '？？', 'hmm', 'Hmmm...', 'umm?', '嗯嗯', '呃……']) expect(isUnclear(text), text).toBe(true)
  })
  it('is not a message with a word to search for, however short', () => {
    for (const text of ['refund?', 'asdf', 'hmm, my order?', '退款', 'iOS 14']) expect(isUnclear(text), text).toBe(false)
  })
  it('counts as asked again only when the bot last asked for more, in either language', () => {
    const asked = [{ role: 'customer', text: '?' }, { role: 'bot', text: replies.clarify.zh }]
    expect(askedToClarify(asked, replies.clarify)).toBe(true)
    expect(askedToClarify([...asked, { role: 'bot', text: 'Refunds take 5-10 business days.' }], replies.clarify)).toBe(false)
    expect(askedToClarify([], replies.clarify)).toBe(false)
  })
  it('is answered in the conversation\'s language when it has no letters to tell by', () => {
    expect(clarifyLang('？？', 'en', 'zh')).toBe('zh')
    expect(clarifyLang('嗯嗯', 'zh', 'en')).toBe('zh')
    expect(clarifyLang('?', 'en', null)).toBe('en')
  })
})

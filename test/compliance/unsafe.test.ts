import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'

describe('unsafe content', () => {
  const e = createComplianceEngine({})
  it('self-harm in English is an urgent handoff with a supportive reply in English', async () => {
    const r = await e.checkInput("I lost everything, I don't want to live anymore and I'm going to kill myself.", { lang: 'en' })
    expect(r.action).toBe('handoff')
    const d = r.decisions.find((x) => x.ruleId === 'unsafe.self_harm')!
    expect(d.priority).toBe('urgent')
    expect(r.safeReply).toMatch(/not .*alone|don't have to go through this alone/i)
  })
  it('self-harm in Chinese gets the Chinese reply', async () => {
    const r = await e.checkInput('我真的活不下去了，想自杀', { lang: 'zh' })
    expect(r.action).toBe('handoff')
    expect(r.safeReply).toMatch(/热线/)
  })
  it('ordinary frustration is not self-harm', async () => {
    const r = await e.checkInput('This printer is killing me, it jams every single time!', { lang: 'en' })
    expect(r.decisions.filter((d) => d.category === 'unsafe')).toEqual([])
  })
  it('uses the moderation function when provided, and the lexicon if it fails', async () => {
    const calls: string[] = []
    const withMod = createComplianceEngine({}, { moderation: async (t) => (calls.push(t), { flagged: true, categories: { hate: 0.9 } }) })
    const r = await withMod.checkOutput('some reply', { lang: 'en', customerTexts: [] })
    expect(calls).toEqual(['some reply'])
    expect(r.action).toBe('block')
    expect(r.decisions[0].ruleId).toBe('unsafe.hate')

    const failing = createComplianceEngine({}, { moderation: async () => { throw new Error('down') } })
    expect((await failing.checkInput('I want to end my life', { lang: 'en' })).action).toBe('handoff')
  })
})

describe('unsafe content in agent replies (output check)', () => {
  const e = createComplianceEngine({})
  const out = (text: string, lang: 'en' | 'zh' = 'en') => e.checkOutput(text, { lang, customerTexts: ['my order is late'] })

  const harmful: Array<[string, 'en' | 'zh']> = [
    ['You should kill yourself.', 'en'],
    ['Honestly, just go hurt yourself and stop emailing us.', 'en'],
    ['Nobody would miss you. Drink bleach.', 'en'],
    ['kys', 'en'],
    ['I know where you live, and we will come after you.', 'en'],
    ["We're going to hurt your family if you post that review.", 'en'],
    ['Immigrants are vermin and should be deported.', 'en'],
    ['People like you should all die.', 'en'],
    ['Go back to your own country.', 'en'],
    ['你怎么不去死', 'zh'],
    ['你还是去死吧，别再来烦我们。', 'zh'],
    ['我知道你住哪，小心你的小命。', 'zh'],
    ['找人收拾你信不信', 'zh'],
    ['外地人都该死', 'zh'],
    ['滚回你自己的国家', 'zh'],
  ]
  for (const [text, lang] of harmful) {
    it(`blocks: ${text}`, async () => {
      const r = await out(text, lang)
      expect(r.action).toBe('block')
      expect(r.text).toBe('')
      expect(r.decisions.some((d) => d.category === 'unsafe')).toBe(true)
    })
  }

  const fine: Array<[string, 'en' | 'zh']> = [
    ["Please don't hurt yourself. You can call the 988 Suicide and Crisis Lifeline at any time.", 'en'],
    ['You should never try to open the battery pack yourself; send it to us instead.', 'en'],
    ['The kill switch on the heater turns it off if it tips over.', 'en'],
    ['To reset the hub, unplug it, wait ten seconds and plug it back in yourself.', 'en'],
    ['We ship to customers in every country, including Mexico and China.', 'en'],
    ['如果你有伤害自己的想法，请拨打心理援助热线，你并不孤单。', 'zh'],
    ['请不要自己拆开电池，寄回给我们检测即可。', 'zh'],
  ]
  for (const [text, lang] of fine) {
    it(`allows: ${text.slice(0, 40)}`, async () => {
      const r = await out(text, lang)
      expect(r.decisions.filter((d) => d.category === 'unsafe')).toEqual([])
    })
  }

  it('a customer telling the agent to harm itself is handed off as abuse, not as self-harm', async () => {
    const r = await e.checkInput('you useless bot, go kill yourself', { lang: 'en' })
    expect(r.action).toBe('handoff')
    expect(r.decisions.map((d) => d.ruleId)).toContain('unsafe.violence')
    expect(r.decisions.map((d) => d.ruleId)).not.toContain('unsafe.self_harm')
  })
})

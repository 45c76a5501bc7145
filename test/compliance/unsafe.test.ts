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

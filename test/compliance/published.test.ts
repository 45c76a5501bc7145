import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'
import { clauseAround } from '../../src/compliance/published.js'

const engine = createComplianceEngine({})
const passage = 'Warning signs. What are the signs that someone may be considering suicide? Talking about wanting to die and giving away belongings are among them.'
const quoting = 'According to "Warning signs": What are the signs that someone may be considering suicide? Talking about wanting to die and giving away belongings are among them.'
const check = (text: string, publishedTexts: string[], lang: 'en' | 'zh' = 'en') => engine.checkOutput(text, { lang, customerTexts: [], publishedTexts })

describe('unsafe content in replies drawn from published passages', () => {
  it('lets a reply quote the help-center passage it is drawn from', async () => {
    const r = await check(quoting, [passage])
    expect(r.action).toBe('allow')
    expect(r.text).toBe(quoting)
  })
  it('still stops the same words when no passage printed them', async () => {
    const r = await check(quoting, [])
    expect(r.action).not.toBe('allow')
    expect(r.decisions.map((d) => d.ruleId)).toContain('unsafe.self_harm')
    expect(r.text).toBe('')
  })
  it('judges what the reply adds of its own, pointing at it', async () => {
    const text = 'What are the signs that someone may be considering suicide? You should just kill yourself.'
    const r = await check(text, [passage])
    expect(r.action).toBe('block')
    const spans = r.decisions.flatMap((d) => d.spans)
    expect(spans.length).toBeGreaterThan(0)
    for (const s of spans) expect(s.start).toBeGreaterThan(text.indexOf('You should'))
  })
  it('does not take a short fragment as proof it was copied', async () => {
    const r = await check('Suicide.', ['Suicide. Call 988 for help at any time, day or night.'])
    expect(r.decisions.map((d) => d.ruleId)).toContain('unsafe.self_harm')
  })
  it('reads Chinese clauses the same way', async () => {
    const zh = '什么迹象表明有人可能想自杀？'
    expect((await check(zh, ['常见问题：什么迹象表明有人可能想自杀？请留意身边的人。'], 'zh')).action).toBe('allow')
    expect((await check(zh, [], 'zh')).action).not.toBe('allow')
  })
})

describe('clauseAround', () => {
  it('takes the text between clause ends around a span, whitespace squashed', () => {
    const text = 'Intro: call us  now\nif you think about suicide; thanks.'
    const at = text.indexOf('suicide')
    expect(clauseAround(text, { start: at, end: at + 7 })).toBe('if you think about suicide')
    expect(clauseAround('首先，请注意：想自杀时请拨打热线。', { start: 7, end: 9 })).toBe('想自杀时请拨打热线')
  })
})

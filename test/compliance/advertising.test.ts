import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'

const ctx = { lang: 'zh' as const, customerTexts: [] }

describe('advertising absolute terms', () => {
  it('rewrites zh absolute terms', async () => {
    const r = await createComplianceEngine({}).checkOutput('这是市场上最好的产品，国家级品质，100%有效！', ctx)
    expect(r.action).toBe('rewrite')
    expect(r.text).not.toMatch(/最好|国家级|100%有效/)
    expect(r.decisions.find((d) => d.category === 'advertising')?.spans.map((s) => s.text)).toEqual(['最好的', '国家级', '100%有效'])
  })
  it('rewrites en absolute claims', async () => {
    const r = await createComplianceEngine({}).checkOutput('We are the number one brand, results guaranteed.', { ...ctx, lang: 'en' })
    expect(r.text).toBe('We are a leading brand, results.')
  })
  it('ordinal and advisory uses are not advertising', async () => {
    const text = '第一步请重启路由器，第一次使用需要激活。您最好先备份数据。The best way to reset is to hold the button.'
    const r = await createComplianceEngine({}).checkOutput(text, ctx)
    expect(r.action).toBe('allow')
    expect(r.text).toBe(text)
  })
  it('only enabled categories apply', async () => {
    const r = await createComplianceEngine({ advertising: { enabled: true, categories: ['ranking'] } }).checkOutput('绝对安全，销量第一', ctx)
    expect(r.text).toBe('绝对安全，领先')
  })
})

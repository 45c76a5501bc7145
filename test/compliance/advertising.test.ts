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

describe('advertising: claims vs ordinary support language (issue #4)', () => {
  const e = createComplianceEngine({})
  const check = (text: string) => e.checkOutput(text, { lang: /[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en', customerTexts: [] })

  const claims: Array<[string, string]> = [
    ['Our kettle is the most advanced on the market.', 'superlative'],
    ['These are the finest headphones we have ever tested.', 'superlative'],
    ['We sell the cheapest SIM plans of any carrier.', 'superlative'],
    ['这是我们最专业的一款剃须刀。', 'superlative'],
    ['音质无与伦比。', 'superlative'],
    ['We are the industry leader in e-bikes.', 'ranking'],
    ['This is our top-selling blender.', 'ranking'],
    ['该款耳机连续两年位居榜首。', 'ranking'],
    ['This toothpaste is FDA approved.', 'authority'],
    ['本品经卫生部批准上市。', 'authority'],
    ['Your parcel is guaranteed to arrive by Friday.', 'guarantee'],
    ['I guarantee the new filter will solve it.', 'guarantee'],
    ['我保证您明天就能收到。', 'guarantee'],
    ['这款锅永远不会粘。', 'guarantee'],
    ['The gel cures eczema within days.', 'efficacy'],
    ['这款茶能降血压。', 'efficacy'],
  ]
  for (const [text, cat] of claims) {
    it(`rewrites (${cat}): ${text}`, async () => {
      const r = await check(text)
      expect(r.action).toBe('rewrite')
      expect(r.decisions.find((d) => d.category === 'advertising')?.detail).toContain(cat)
    })
  }

  const ordinary = [
    'Absolutely, I can look into that for you.',
    'Perfect, your address is updated.',
    'Please absolutely do not share the code with anyone.',
    "We can't guarantee delivery before the holiday.",
    'You can pick our Guaranteed Delivery service at checkout.',
    'Every order comes with a 30-day money-back guarantee.',
    'Your card was 100% charged and the refund takes 5 days.',
    'Closing the account deletes your data forever.',
    "There's no risk of losing data during the update.",
    "You're #1 in the queue; an agent will be with you shortly.",
    'The most common cause is a loose cable.',
    'Our cheapest plan is the Basic tier at $5.',
    'The update cures the crash on startup.',
    '最好先重启一下路由器。',
    '第一步，打开设置。',
    '完美，已为您修改好了。',
    '数据将被永久删除，无法恢复。',
    '请绝对不要把验证码告诉他人。',
    '我们无法保证节前送达。',
    '价目表里最便宜的是基础套餐。',
    '最快明天送达，最晚周五。',
    '最大支持128G存储卡。',
    '本产品不能替代药物治疗高血压。',
  ]
  for (const text of ordinary) {
    it(`leaves alone: ${text}`, async () => {
      const r = await check(text)
      expect(r.decisions.filter((d) => d.category === 'advertising')).toEqual([])
      expect(r.text).toBe(text)
    })
  }

  it('rewrites keep the sentence readable', async () => {
    expect((await check('这是容量最大的充电宝。')).text).toBe('这是容量很大的充电宝。')
    expect((await check('We are the industry leader.')).text).toBe('We are an established provider.')
    expect((await check('This cream is absolutely safe.')).text).toBe('This cream is safe.')
  })
})

import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'
import { findFigures } from '../../src/compliance/rules/figures.js'
import type { CompliancePolicyInput } from '../../src/compliance/policy.js'

const REFUNDS = 'Refunds are issued to the original payment method within 5-10 business days. Express shipping costs $19.99; orders over $1,000 ship free.'
const HOTLINE = 'Support line: 400-820-1234, open daily 9:00-18:00. A restocking fee of 15% applies to opened items.'
const ZH = '退款将在收到退货后的5~10个工作日内退回。标准运费为¥12，订单满99元免运费。会员每年可领取1.5万积分。'

const engine = createComplianceEngine({})
const answer = (text: string, opts: { sources?: string[]; customer?: string[]; lang?: 'en' | 'zh'; policy?: CompliancePolicyInput } = {}) =>
  (opts.policy ? createComplianceEngine(opts.policy) : engine).checkOutput(text, {
    lang: opts.lang ?? 'en',
    customerTexts: opts.customer ?? [],
    publishedTexts: opts.sources ?? [REFUNDS, HOTLINE],
  })
const flagged = async (...args: Parameters<typeof answer>) =>
  (await answer(...args)).decisions.filter((d) => d.category === 'grounding').flatMap((d) => d.spans.map((s) => s.text))

describe('grounding: figures in an answer must come from its passages', () => {
  it('blocks a changed figure next to a cited sentence, naming it and how many there are', async () => {
    const r = await answer('Refunds go back to your card [1]. They take 3 business days [1].')
    expect(r.action).toBe('block')
    expect(r.text).toBe('')
    const [d] = r.decisions
    expect(d).toMatchObject({ ruleId: 'grounding.unsupported_figure', category: 'grounding', action: 'block' })
    expect(d.spans.map((s) => s.text)).toEqual(['3'])
    expect(d.detail).toMatch(/^1 figure/)
  })

  it('lets a faithful paraphrase through, with its figures reformatted', async () => {
    const r = await answer('Your refund arrives in 5 to 10 business days [1]. Express costs 19.99 dollars, and orders above $1000.00 ship free [1].')
    expect(r.action).toBe('allow')
    expect(r.decisions).toEqual([])
  })

  it('counts each end of a range separately, whatever joins them', async () => {
    expect(await flagged('Refunds take 5–10 business days [1].')).toEqual([])
    expect(await flagged('Refunds take 5~12 business days [1].')).toEqual(['12'])
    expect(await flagged('Refunds take 2-10 business days [1].')).toEqual(['2'])
  })

  it('compares amounts and percentages by value: $19.99, 19.99, ¥12 and 12元; a rounded price is another price', async () => {
    expect(await flagged('Express is $20 [1].')).toEqual(['20'])
    expect(await flagged('A 15 percent fee applies to opened items [1].')).toEqual([])
    expect(await flagged('A 20% fee applies to opened items [1].')).toEqual(['20'])
    expect(await flagged('运费12元，满99块包邮[1]。', { sources: [ZH], lang: 'zh' })).toEqual([])
    expect(await flagged('运费¥11[1]。', { sources: [ZH], lang: 'zh' })).toEqual(['11'])
  })

  it('reads full-width digits and Chinese magnitudes as the values they are', async () => {
    expect(await flagged('退款在５－１０个工作日内到账[1]。', { sources: [ZH], lang: 'zh' })).toEqual([])
    expect(await flagged('会员每年可领取15000积分[1]。', { sources: [ZH], lang: 'zh' })).toEqual([])
    expect(await flagged('会员每年可领取2万积分[1]。', { sources: [ZH], lang: 'zh' })).toEqual(['2'])
  })

  it('knows a clock time in any notation, and a phone number with other separators or a country code', async () => {
    expect(await flagged('We are open from 9 am to 6 pm [1].')).toEqual([])
    expect(await flagged('我们每天上午9点到下午6点在线[1]。', { lang: 'zh' })).toEqual([])
    expect(await flagged('We are open until 20:00 [1].')).toEqual(['20:00'])
    expect(await flagged('Call +86 400 820 1234 or 4008201234 [1].')).toEqual([])
    expect(await flagged('Call 400-820-1243 [1].')).toEqual(['400-820-1243'])
  })

  it("allows the customer's own figures: their order number, when they bought it", async () => {
    const customer = ['I bought it 12 days ago, order #A58213. Where is my refund?']
    expect(await flagged('Order A58213 was bought 12 days ago; refunds take 5-10 business days [1].', { customer })).toEqual([])
    expect(await flagged('Order A58213 was bought 12 days ago; refunds take 5-10 business days [1].')).toEqual(['58213', '12'])
  })

  it('does not let a figure the customer only asked about answer its own question', async () => {
    const flaggedAfter = (reply: string, question: string, lang: 'en' | 'zh' = 'en') => flagged(reply, { customer: [question], lang, sources: [REFUNDS, ZH] })
    // A yes/no question puts its figure up for confirmation: echoing it would let the customer write the policy.
    expect(await flaggedAfter('Yes, refunds take 3 business days [1].', 'Do refunds take 3 business days?')).toEqual(['3'])
    expect(await flaggedAfter('Yes, we can deliver on May 20 [1].', 'Can you deliver on May 20?')).toEqual(['May 20'])
    expect(await flaggedAfter('可以，运费10元[1]。', '运费是10元吗？', 'zh')).toEqual(['10'])
    expect(await flaggedAfter('可以，3天内到账[1]。', '能不能3天内到账', 'zh')).toEqual(['3'])
    // What a question takes as given, what the customer states, and their own past stay theirs.
    expect(await flaggedAfter('You were charged $50 twice; refunds take 5-10 business days [1].', 'Why was I charged $50 twice?')).toEqual([])
    expect(await flaggedAfter('You bought it 40 days ago; refunds take 5-10 business days [1].', 'I bought it 40 days ago, can I get a refund?')).toEqual([])
    expect(await flaggedAfter('You bought it 40 days ago; refunds take 5-10 business days [1].', 'Can I get a refund if I bought it 40 days ago?')).toEqual([])
    expect(await flaggedAfter('Order 58213 is refunded within 5-10 business days [1].', 'Is order 58213 refunded yet?')).toEqual([])
    expect(await flaggedAfter('Your $1,000 order ships free [1].', 'I paid $1,000, does it ship free?')).toEqual([])
    expect(await flaggedAfter('您3天前付的款，退款5~10个工作日到账[1]。', '我3天前付的款，能退吗？', 'zh')).toEqual([])
    expect(await flaggedAfter('扣了您50元，退款5~10个工作日到账[1]。', '为什么扣了我50元', 'zh')).toEqual([])
  })

  it('ignores citation markers and list ordinals opening a line', async () => {
    expect(await flagged('Refunds take 5-10 business days [1][2]. Express is $19.99 [3, 4] 【5】.')).toEqual([])
    const steps = '1. Open My Orders.\n2) Choose the order.\n3、点击退款\n(4) Wait 5-10 business days [1].'
    expect(await flagged(steps)).toEqual([])
    // Mid-sentence, a number is a figure again.
    expect(await flagged('Choose option 3. Then wait 5-10 business days [1].')).toEqual(['3'])
  })

  it('reads Chinese numerals before a unit as the figures they are, in a source and in a reply', async () => {
    const values = (text: string) => findFigures(text).map((f) => [f.text, f.keys[0]])
    expect(values('十五天内退款，满九十九元包邮，两个工作日，三个月')).toEqual([
      ['十五', 'u:day:15'], ['九十九', 'u:money:99'], ['两', 'u:day:2'], ['三', 'u:month:3'],
    ])
    // A help center's 七天无理由退货 vouches for a reply's 7 天, and the other way round.
    const policy = ['签收后七天无理由退货，质量问题十五天内可换货。']
    expect(await flagged('签收后7天内可以无理由退货，15天内可换货[1]。', { sources: policy, lang: 'zh' })).toEqual([])
    expect(await flagged('签收后7天内可以无理由退货[1]。', { sources: ['签收后 7 天内无理由退货。'], lang: 'zh' })).toEqual([])
    expect(await flagged('签收后十天内可以无理由退货[1]。', { sources: policy, lang: 'zh' })).toEqual(['十'])
    expect(await flagged('退款在十五个工作日内到账，运费十元[1]。', { sources: [ZH], lang: 'zh' })).toEqual(['十五', '十'])
  })

  it('reads no figure in a Chinese numeral without a unit, as an ordinal or weekday, or in a word', () => {
    for (const text of ['请稍等一下', '十分抱歉', '万一丢件', '第三天会到', '周六日不发货', '进一步核实', '同一天发出', '这两天会到', '三月发布', '双十一期间', '一二三', '一步步来', '在一块儿', '二年级', '六十年代', '几千年'])
      expect(findFigures(text), text).toEqual([])
  })

  it('compares a figure with a unit against the same unit: a price is not vouched for by a number of days', async () => {
    const sources = ['Refunds take 5-10 business days. Save your 10 backup codes. The fee is $6.95, or 10% of the order.']
    expect(await flagged('We will add a $10 credit [1].', { sources })).toEqual(['10'])
    expect(await flagged('We will add a 10 dollar credit [1].', { sources })).toEqual(['10'])
    expect(await flagged('It takes 10 minutes [1].', { sources })).toEqual(['10'])
    expect(await flagged('It takes 6.95 days [1].', { sources })).toEqual(['6.95'])
    expect(await flagged('Refunds take between 5 and 10 business days; the fee is 6.95 USD, or 10 percent [1].', { sources })).toEqual([])
    // A bare number vouches for any unit; extra words before the unit are read past.
    expect(await flagged('You can pay over 3, 6 or 12 months [1].', { sources: ['You can pay over 3, 6 or 12 months.'] })).toEqual([])
    expect(await flagged('Please allow 1-2 extra business days [1].', { sources: ['Allow 1-2 extra business days.'] })).toEqual([])
    expect(await flagged('运费10元[1]。', { sources: ['退款在10个工作日内到账。'], lang: 'zh' })).toEqual(['10'])
  })

  it('knows a duration in the neighbouring unit, except business days as hours', async () => {
    const sources = ['Your export is ready within 48 hours. History is kept for 12 months. Cancel within 1 hour. Verification takes 2 business days.']
    expect(await flagged('Your export is ready within 2 days; history is kept for 1 year [1].', { sources })).toEqual([])
    expect(await flagged('Cancel within 60 minutes [1].', { sources })).toEqual([])
    const verification = ['Verification takes 2 business days.']
    expect(await flagged('Verification takes 2 days [1].', { sources: verification })).toEqual([])
    expect(await flagged('Verification takes 48 hours [1].', { sources: verification })).toEqual(['48'])
    expect(await flagged('多付的款项会在1天内退回[1]。', { sources: ['系统会在24小时内退回多付的款项。'], lang: 'zh' })).toEqual([])
  })

  it("counts a numbered list's length as its steps, and step labels and inline ordinals as no figures", async () => {
    const sources = ['## Steps\n1. Open the order.\n2. Click Start a return.\n3. Print the label. Returns close after 30 days.']
    expect(await flagged('Returning an item takes 3 steps [1].', { sources })).toEqual([])
    expect(await flagged('退货共3步[1]。', { sources, lang: 'zh' })).toEqual([])
    expect(await flagged('Returning an item takes 4 steps [1].', { sources })).toEqual(['4'])
    expect(await flagged('To return it: 1. Open the order. 2. Click Start a return [1].', { sources: ['Open the order, then click Start a return.'] })).toEqual([])
    expect(await flagged('Step 1: open the order. Step 2: click Start a return [1].', { sources: ['Open the order, then click Start a return.'] })).toEqual([])
    expect(await flagged('**1. Open the order.**\n### 2. Click Start a return [1].', { sources: ['Open the order, then click Start a return.'] })).toEqual([])
    expect(await flagged('退货步骤：1、打开订单；2、点击申请退货[1]。', { sources: ['打开订单，点击申请退货。'], lang: 'zh' })).toEqual([])
    expect(await flagged('Orders ship at 2:30. 5 days later they arrive [1].', { sources: ['Orders ship at 2:30.'] })).toEqual(['5'])
  })

  it('reads English numbers spelled out before a unit', async () => {
    const sources = ['Return it within 30 days for a refund. Devices have a 2-year warranty; tracking can take 24 hours.']
    expect(await flagged('You have thirty days to return it, and a two-year warranty; tracking can take twenty-four hours [1].', { sources })).toEqual([])
    expect(await flagged('You have sixty days to return it [1].', { sources })).toEqual(['sixty'])
    expect(await flagged('Every device has a five-year warranty [1].', { sources })).toEqual(['five'])
    // Without a unit, a spelled-out number claims nothing this rule can compare.
    expect(await flagged('Here are three things to try, and two-factor authentication helps [1].', { sources })).toEqual([])
  })

  it('reads 2FA as a name and a version as one figure', async () => {
    expect(await flagged('如果开启了2FA，还需要旧手机号的验证码[1]。', { sources: ['如果开启了短信两步验证，还需要旧手机号的验证码。'], lang: 'zh' })).toEqual([])
    const sources = ['The current version is shown, for example "Hub 3.2.1".']
    expect(await flagged('For example "Hub 3.2.1" [1].', { sources })).toEqual([])
    expect(await flagged('The latest hub firmware is 3.2.2 [1].', { sources })).toEqual(['3.2.2'])
  })

  it('asks a clock time for a time, not for any number of its hour', async () => {
    const sources = ['Overnight orders must be placed before 12 pm ET. Delivery takes 1 business day.']
    expect(await flagged('Order before noon (12 pm ET) [1].', { sources })).toEqual([])
    expect(await flagged('Order before 1 pm ET [1].', { sources })).toEqual(['1 pm'])
  })

  it('reads a calendar date in any notation as one figure: its month and day, and its year when stated', () => {
    const keys = (text: string) => findFigures(text).map((f) => [f.text, ...f.keys])
    expect(keys('by November 20, Nov. 20th, 20 Nov, the 20th of November, 11/20 or 11月20号')).toEqual([
      ['November 20', 'd:11-20'], ['Nov. 20th', 'd:11-20'], ['20 Nov', 'd:11-20'], ['20th of November', 'd:11-20'], ['11/20', 'd:11-20'], ['11月20号', 'd:11-20'],
    ])
    expect(keys('2026-11-20, November 20, 2026, 11/20/2026, 11/20/26, 2026年11月20日, 十一月二十日')).toEqual([
      ['2026-11-20', 'd:2026-11-20'], ['November 20, 2026', 'd:2026-11-20'], ['11/20/2026', 'd:2026-11-20'], ['11/20/26', 'd:2026-11-20'], ['2026年11月20日', 'd:2026-11-20'], ['十一月二十日', 'd:11-20'],
    ])
    // A range of days is a date at each end.
    expect(keys('Nov 20–25; 11月20日至25日')).toEqual([['Nov 20', 'd:11-20'], ['25', 'd:11-25'], ['11月20', 'd:11-20'], ['25日', 'd:11-25']])
    // A list ordinal after a date's abbreviation is still one ("Nov. 20." is no step 20).
    expect(keys('Order by Nov. 20. 2. Pay at checkout.')).toEqual([['Nov. 20', 'd:11-20']])
  })

  it('lets a faithfully reformatted date through, in English and Chinese', async () => {
    const sources = ['Orders placed by November 20 arrive before Thanksgiving. The holiday sale ends 2026-12-24.']
    expect(await flagged('Order by 11/20 to get it before Thanksgiving [1].', { sources })).toEqual([])
    expect(await flagged('Order by 20 Nov, or by the 20th of November at the latest [1].', { sources })).toEqual([])
    expect(await flagged('The sale ends on December 24, 2026, so shop by Dec 24 [1]. It runs through 2026 [1].', { sources })).toEqual([])
    expect(await flagged('11月20日前下单，感恩节前送达；促销活动2026年12月24日结束[1]。', { sources, lang: 'zh' })).toEqual([])
    expect(await flagged('Order by Nov 20 [1].', { sources: ['11月20日前下单可在感恩节前送达。'] })).toEqual([])
    expect(await flagged('Returns close on Nov 25 [1].', { sources: ['Holiday returns close Nov 20–25.'] })).toEqual([])
  })

  it('catches a wrong day or month, and a wrong year when both state one', async () => {
    const sources = ['Orders placed by November 20 arrive before Thanksgiving. The holiday sale ends 2026-12-24.']
    expect(await flagged('Order by 11/21 [1].', { sources })).toEqual(['11/21'])
    expect(await flagged('Order by December 20 [1].', { sources })).toEqual(['December 20'])
    expect(await flagged('11月21日前下单[1]。', { sources, lang: 'zh' })).toEqual(['11月21日'])
    expect(await flagged('The sale ends on December 24, 2025 [1].', { sources })).toEqual(['December 24, 2025'])
    expect(await flagged('促销活动2025年12月24日结束[1]。', { sources, lang: 'zh' })).toEqual(['2025年12月24日'])
    // A year the sources don't give is a claim too.
    expect(await flagged('Order by November 20, 2026 [1].', { sources })).toEqual(['November 20, 2026'])
    expect(await flagged('Returns close on Nov 26 [1].', { sources: ['Holiday returns close Nov 20–25.'] })).toEqual(['Nov 26'])
  })

  it('asks a date for a date: bare numbers or a number of days in a source do not vouch for it', async () => {
    const sources = ['Returns are accepted for 20 days. You can order up to 11 items at once.']
    expect(await flagged('Order by 11/20 [1].', { sources })).toEqual(['11/20'])
    expect(await flagged('Order by November 20 [1].', { sources })).toEqual(['November 20'])
    expect(await flagged('11月20日前下单[1]。', { sources, lang: 'zh' })).toEqual(['11月20日'])
    // A date's day still vouches for "the 20th"; its year for the year alone.
    expect(await flagged('Order by the 20th, this year (2026) [1].', { sources: ['Order by November 20, 2026.'] })).toEqual([])
  })

  it('reads no date in a fraction, a run of slashes, a clock time, a range, a version or a phone number', () => {
    const keys = (text: string) => findFigures(text).map((f) => f.keys.join(',') || f.digits)
    expect(keys('1/2 cup')).toEqual(['n:1', 'n:2'])
    expect(keys('3/4 of the price, 1/2 hour')).toEqual(['n:3', 'n:4', 'n:1', 'u:hour:2,p:2'])
    expect(keys('1/2/3/4')).toEqual(['n:1', 'n:2', 'n:3', 'n:4'])
    expect(keys('24/7, 4.5/5, 2/30')).toEqual(['n:24', 'n:7', 'n:4.5', 'n:5', 'n:2', 'n:30'])
    expect(keys('open 9:00-18:00, 4 pm')).toEqual(['t:540', 't:1080', 't:960'])
    expect(keys('5-10 business days, 5~10')).toEqual(['u:day:5,p:5', 'u:day:10,p:10', 'n:5', 'n:10'])
    expect(keys('Hub 3.2.1, call 400-820-1234')).toEqual(['n:3.2.1', '4008201234'])
    // "may" and "march" are words unless capitalized: fees of $5 may apply.
    expect(keys('fees of $5 may apply; march 5 steps')).toEqual(['u:money:5,p:5', 'u:step:5,p:5'])
  })

  it('reads 3月 as the month March and 3个月 as three months', async () => {
    const keys = (text: string) => findFigures(text).map((f) => f.keys.join(','))
    expect(keys('3月发布，有效期3个月，1-3月')).toEqual(['m:3', 'u:month:3,p:3', 'm:1', 'm:3'])
    // Past 12 it can only be a number of months, as before.
    expect(keys('18月')).toEqual(['u:month:18,p:18'])
    expect(await flagged('新品3月发布[1]。', { sources: ['新品将于3月15日发布。'], lang: 'zh' })).toEqual([])
    expect(await flagged('活动3月结束[1]。', { sources: ['The sale ends in March.'], lang: 'zh' })).toEqual([])
    expect(await flagged('活动3月结束[1]。', { sources: ['活动三月结束。'], lang: 'zh' })).toEqual([])
    expect(await flagged('活动4月结束[1]。', { sources: ['The sale ends in March.'], lang: 'zh' })).toEqual(['4月'])
    expect(await flagged('积分3月到期[1]。', { sources: ['积分有效期为3个月。'], lang: 'zh' })).toEqual(['3月'])
  })

  it('allows what the bot or an agent already told the customer in the conversation', async () => {
    const ctx = { lang: 'en' as const, customerTexts: ['When will it arrive?'], publishedTexts: [REFUNDS] }
    const text = 'The $23.50 refund will reach your card in 5-10 business days [1].'
    expect((await engine.checkOutput(text, ctx)).action).toBe('block')
    expect((await engine.checkOutput(text, { ...ctx, repliedTexts: ["I've issued a refund of $23.50 today."] })).action).toBe('allow')
  })

  it('checks only answers drawn from passages: agent and canned replies give none', async () => {
    // src/handoff/actions.ts checks an agent's reply without passages; so are small-talk replies checked.
    const agent = await engine.checkOutput("I've refunded $23.50 today; it shows in 3 days.", { lang: 'en', customerTexts: [], skipLabel: true })
    expect(agent.action).toBe('allow')
    expect(agent.decisions).toEqual([])
  })

  it('can be switched off in the compliance policy', async () => {
    expect(await flagged('They take 3 business days [1].', { policy: { grounding: { enabled: false } } })).toEqual([])
  })

  it("counts the company's own configured contact details as true", async () => {
    const policy = { allowedOutputPii: ['400-123-4567'] }
    expect(await flagged('Call us on 400-123-4567 [1].', { policy })).toEqual([])
  })
})

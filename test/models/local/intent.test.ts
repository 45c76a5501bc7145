import { describe, expect, it } from 'vitest'
import type { IntentExample } from '../../../src/models/types.js'
import { nameAsWords, trainIntentModel, trainLocalIntents } from '../../../src/models/local/intent.js'

const EXEMPLARS: Record<string, string[]> = {
  track_order: ['where is my order', 'track my package', 'has my parcel shipped yet', 'when will my order arrive', 'order status please', 'my delivery has not come', '我的订单到哪了', '查一下物流', '包裹什么时候到', '订单状态'],
  refund: ['I want a refund', 'how do I get my money back', 'refund my purchase', 'when will my refund arrive', 'can I be reimbursed', 'give me my money back', '我要退款', '退款什么时候到账', '怎么申请退款', '钱什么时候退回来'],
  reset_password: ['I forgot my password', 'reset my password', 'cannot log in, password wrong', 'how to change my password', 'password recovery', 'locked out of my account', '忘记密码了', '怎么重置密码', '密码错误登录不了', '修改密码'],
  change_address: ['change my shipping address', 'update delivery address', 'I moved, new address', 'send it to a different address', 'edit my address', 'wrong address on my order', '修改收货地址', '地址填错了', '换个送货地址', '更新地址'],
  cancel_subscription: ['cancel my subscription', 'stop my membership', 'unsubscribe me', 'end my plan', 'I do not want to renew', 'turn off auto renewal', '取消订阅', '取消会员', '不想续费了', '关闭自动续费'],
  talk_to_human: ['talk to a human', 'speak to an agent', 'connect me with a person', 'I want a real person', 'customer service representative', 'transfer me to support staff', '转人工', '人工客服', '我要和真人说话', '找客服'],
}

const examples: IntentExample[] = Object.entries(EXEMPLARS).flatMap(([intent, texts]) => texts.map((text) => ({ intent, text })))

describe('local intent classifier', () => {
  it('lists the trained intents', async () => {
    const clf = await trainLocalIntents(examples)
    expect([...clf.intents].sort()).toEqual(Object.keys(EXEMPLARS).sort())
  })

  it('classifies unseen paraphrases in English and Chinese', async () => {
    const clf = await trainLocalIntents(examples)
    const cases: Array<[string, string]> = [
      ['where is my package right now?', 'track_order'],
      ['I would like my money refunded', 'refund'],
      ["I can't remember my password", 'reset_password'],
      ['please ship to my new address instead', 'change_address'],
      ['how can I cancel the membership?', 'cancel_subscription'],
      ['can I talk to a real human agent', 'talk_to_human'],
      ['我的包裹到哪里了？', 'track_order'],
      ['申请退款', 'refund'],
      ['密码忘了', 'reset_password'],
      ['帮我转人工客服', 'talk_to_human'],
    ]
    for (const [text, intent] of cases) expect((await clf.classify(text)).name, text).toBe(intent)
  })

  it('is confident on in-domain text and much less so on unrelated text', async () => {
    // Judged over seeds: on 66 rows one seed's confidence on an unrelated query swings widely (for
    // '今天天气怎么样' 0.38-0.63 over seeds 1-10), so a single seed passes or fails by luck. Over seeds
    // 1-9 the worst unrelated/in-domain ratio has median 0.53 (0.57 without the intent-name exemplars,
    // when 3 of the 9 seeds exceeded 0.6 against 2 with them).
    const worst: number[] = []
    for (let seed = 1; seed <= 9; seed++) {
      const clf = trainIntentModel(examples, { seed })
      const inDomain = await clf.classify('I forgot my password and need to reset it')
      expect(inDomain.confidence, `seed ${seed}`).toBeGreaterThan(0.5)
      let ratio = 0
      for (const text of ['what is the weather on Mars', 'tell me a joke about penguins', '今天天气怎么样']) ratio = Math.max(ratio, (await clf.classify(text)).confidence / inDomain.confidence)
      worst.push(ratio)
    }
    expect(worst.sort((a, b) => a - b)[4]).toBeLessThan(0.6)
  })

  it('returns a ranking that is a sorted probability distribution headed by the prediction', async () => {
    const clf = await trainLocalIntents(examples)
    const p = await clf.classify('refund please')
    expect(p.ranking[0]).toEqual({ name: p.name, score: p.confidence })
    for (let i = 1; i < p.ranking.length; i++) expect(p.ranking[i].score).toBeLessThanOrEqual(p.ranking[i - 1].score)
    expect(p.ranking.reduce((s, r) => s + r.score, 0)).toBeLessThanOrEqual(1 + 1e-9)
  })

  it('is deterministic: the same exemplars give the same probabilities', async () => {
    const a = await (await trainLocalIntents(examples)).classify('stop my plan')
    const b = await (await trainLocalIntents([...examples])).classify('stop my plan')
    expect(a).toEqual(b)
  })

  it('matches misspelt and inflected words through character n-grams', async () => {
    const clf = await trainLocalIntents(examples)
    expect((await clf.classify('refundd pls')).name).toBe('refund')
    expect((await clf.classify('unsubscribing')).name).toBe('cancel_subscription')
  })

  it('trains without input dropout or weight averaging when both are turned off', async () => {
    const plain = trainIntentModel(examples, { dropout: 0, average: 0 })
    expect((await plain.classify('I forgot my password')).name).toBe('reset_password')
    const regularised = await (await trainLocalIntents(examples)).classify('I forgot my password')
    expect(regularised.confidence).toBeLessThan(1)
  })

  it('pools the main model with the second view by the geometric mean of their probabilities', async () => {
    const all = { topK: Object.keys(EXEMPLARS).length }
    const text = 'please stop renewing my plan'
    const main = await trainIntentModel(examples, { ...all, views: [] }).classify(text)
    const view = await trainIntentModel(examples, { ...all, views: [], features: { stopword: 1, crossChar: 0.6 }, seed: 8, wordVectors: 0 }).classify(text)
    const pooled = await trainIntentModel(examples, all).classify(text)
    const score = (p: typeof main, name: string) => p.ranking.find((r) => r.name === name)!.score
    const geo = Object.keys(EXEMPLARS).map((name) => Math.sqrt(score(main, name) * score(view, name)))
    const sum = geo.reduce((a, b) => a + b, 0)
    for (const [i, name] of Object.keys(EXEMPLARS).entries()) expect(score(pooled, name), name).toBeCloseTo(geo[i] / sum, 6)
    expect(pooled.ranking.reduce((s, r) => s + r.score, 0)).toBeCloseTo(1, 9)
  })

  it('reads an intent name as words for its extra exemplar, and skips names without letters', async () => {
    expect(nameAsWords('card_arrival')).toBe('card arrival')
    expect(nameAsWords('cancelSubscription')).toBe('cancel Subscription')
    expect(nameAsWords('banking:top-up.failed')).toBe('banking top up failed')
    expect(nameAsWords('退款')).toBe('退款')
    expect(nameAsWords('17')).toBeNull()
    const named = trainIntentModel(examples, { topK: 6 })
    const plain = trainIntentModel(examples, { topK: 6, nameExemplars: false })
    const score = async (clf: typeof named, text: string, name: string) => (await clf.classify(text)).ranking.find((r) => r.name === name)!.score
    expect(await score(named, 'subscription', 'cancel_subscription')).toBeGreaterThan(await score(plain, 'subscription', 'cancel_subscription'))
  })

  it('bridges English words it never saw to the exemplars through word vectors', async () => {
    const withVectors = trainIntentModel(examples)
    const lexical = trainIntentModel(examples, { wordVectors: 0 })
    // No word in common with any refund exemplar: only "paid" ~ "money", "compensation" ~ "reimbursed" link them.
    const text = 'compensation for what I paid'
    expect((await withVectors.classify(text)).name).toBe('refund')
    expect((await lexical.classify(text)).name).not.toBe('refund')
    // Chinese has no word vectors: the same reading with or without them.
    const zh = '钱什么时候能退'
    expect((await withVectors.classify(zh)).name).toBe((await lexical.classify(zh)).name)
  })

  it('refuses an empty training set', async () => {
    await expect(trainLocalIntents([])).rejects.toThrow(/no exemplars/)
  })
})

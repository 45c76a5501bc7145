import { describe, expect, it } from 'vitest'
import { createLocalEmbedder } from '../../../src/models/local/embedder.js'

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0)

async function rank(query: string, passages: string[], dim = 512) {
  const e = createLocalEmbedder({ dim })
  const [q, ...ps] = await e.embed([query, ...passages])
  return ps.map((p, i) => ({ i, s: cos(q, p) })).sort((a, b) => b.s - a.s)
}

describe('local embedder', () => {
  it('has a stable id and dimension and returns unit vectors', async () => {
    const e = createLocalEmbedder({ dim: 256 })
    expect(e.id).toBe('local-hash-v3-256')
    const [v] = await e.embed(['How do I reset my password?'])
    expect(v).toHaveLength(256)
    expect(Math.hypot(...v)).toBeCloseTo(1, 5)
  })

  it('is deterministic across instances', async () => {
    const [a] = await createLocalEmbedder().embed(['退款什么时候到账'])
    const [b] = await createLocalEmbedder().embed(['退款什么时候到账'])
    expect(a).toEqual(b)
  })

  it('ranks the right English passage first among distractors, for a paraphrase', async () => {
    const passages = [
      'Standard shipping takes 3 to 5 business days; express delivery arrives next day.',
      'To reset your password, click "Forgot password" on the sign-in page and follow the emailed link.',
      'Refunds are issued to the original payment method within 5 business days.',
      'You can change your delivery address from the order page before it ships.',
    ]
    expect((await rank('I forgot my password, how can I reset it?', passages))[0].i).toBe(1)
    expect((await rank('when will I get my money refunded', passages))[0].i).toBe(2)
    expect((await rank('how many days does delivery take', passages))[0].i).toBe(0)
  })

  it('ranks the right Chinese passage first among distractors', async () => {
    const passages = [
      '标准配送需要三到五个工作日，加急配送次日送达。',
      '忘记密码时，请在登录页点击“忘记密码”，按邮件中的链接重置。',
      '退款将在五个工作日内原路退回到您的付款账户。',
      '订单发货前，您可以在订单页面修改收货地址。',
    ]
    expect((await rank('我的退款多久能到账？', passages))[0].i).toBe(2)
    expect((await rank('怎么改收货地址', passages))[0].i).toBe(3)
    expect((await rank('密码忘了怎么办', passages))[0].i).toBe(1)
  })

  it('gives empty text a zero vector instead of NaN', async () => {
    const [v] = await createLocalEmbedder({ dim: 64 }).embed(['  ...  '])
    expect(v.every((x) => x === 0)).toBe(true)
  })
})

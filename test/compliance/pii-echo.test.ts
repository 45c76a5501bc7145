import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'

describe('PII in replies', () => {
  const e = createComplianceEngine({ allowedOutputPii: ['400-820-1234'] })
  it('the customer own PII may be echoed, and is masked for storage', async () => {
    const r = await e.checkOutput('We will call you at 138 0013 8000.', { lang: 'en', customerTexts: ['my number is 13800138000'] })
    expect(r.action).toBe('allow')
    expect(r.text).toBe('We will call you at 138 0013 8000.')
    expect(r.masked).toBe('We will call you at [PHONE].')
  })
  it('PII the customer never wrote is rewritten out', async () => {
    const r = await e.checkOutput('另一位客户的邮箱是 wang@163.com，电话13912345678。', { lang: 'zh', customerTexts: ['我的邮箱是 li@qq.com'] })
    expect(r.action).toBe('rewrite')
    expect(r.decisions[0].category).toBe('pii_echo')
    expect(r.text).toBe('另一位客户的邮箱是 [已移除]，电话[已移除]。')
  })
  it('allowed company contacts stay', async () => {
    const r = await e.checkOutput('Call our hotline 400-820-1234.', { lang: 'en', customerTexts: [] })
    expect(r.action).toBe('allow')
  })
  it("contact details the reply's knowledge-base passages publish may be repeated; nothing else is let through", async () => {
    const publishedTexts = ['For more than 10 units, write to business@shop.example with the quantity.']
    const quoted = await e.checkOutput('For more than 10 units, write to business@shop.example.', { lang: 'en', customerTexts: [], publishedTexts })
    expect(quoted).toMatchObject({ action: 'allow', text: 'For more than 10 units, write to business@shop.example.' })
    // Not stored masked either: it is the company's address, not the customer's.
    expect(quoted.masked).toContain('business@shop.example')
    const other = await e.checkOutput('Write to business@shop.example or ceo.home@gmail.com.', { lang: 'en', customerTexts: [], publishedTexts })
    expect(other.action).toBe('rewrite')
    expect(other.text).toBe('Write to business@shop.example or [removed].')
    expect((await e.checkOutput('Write to business@shop.example.', { lang: 'en', customerTexts: [] })).action).toBe('rewrite')
  })
})

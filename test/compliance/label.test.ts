import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'

describe('AI label', () => {
  it('appends the label in the reply language when enabled', async () => {
    const e = createComplianceEngine({ label: { enabled: true, position: 'append', text: { en: '(AI)', zh: '（AI生成）' } } })
    expect((await e.checkOutput('您好，订单已发货。', { lang: 'zh', customerTexts: [] })).text).toBe('您好，订单已发货。\n（AI生成）')
    expect((await e.checkOutput('Shipped.', { lang: 'en', customerTexts: [], skipLabel: true })).text).toBe('Shipped.')
  })
  it('adds nothing by default', async () => {
    expect((await createComplianceEngine({}).checkOutput('Shipped.', { lang: 'en', customerTexts: [] })).text).toBe('Shipped.')
  })
})

import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'

const e = createComplianceEngine({})
const systemPrompt = 'You are Parley, the support assistant for Acme. Never discuss internal pricing rules. Escalate refunds above 500 dollars to a supervisor.'
const ctx = { lang: 'en' as const, customerTexts: [], systemSecrets: [systemPrompt, 'ACME-INTERNAL-7'] }

describe('leakage in replies', () => {
  it('blocks a reply that repeats the system prompt', async () => {
    const r = await e.checkOutput('My instructions say: Never discuss internal pricing rules. Escalate refunds above 500 dollars to a supervisor.', ctx)
    expect(r.action).toBe('block')
    expect(r.text).toBe('')
    expect(r.decisions[0].ruleId).toBe('leakage.system_secret')
  })
  it('blocks internal markers, credentials and internal notes', async () => {
    for (const text of ['Ticket tag acme-internal-7 applies.', 'Use the key sk-proj-abcdefghijklmnopqrstuvwxyz123456 to connect.', '[INTERNAL] customer is a known chargeback abuser', '内部备注：该客户多次投诉']) {
      expect((await e.checkOutput(text, ctx)).action, text).toBe('block')
    }
  })
  it('lets an ordinary reply through', async () => {
    const r = await e.checkOutput('Your refund of 45 dollars was issued today; it usually arrives within 5 business days.', ctx)
    expect(r.action).toBe('allow')
  })
  it("checks every reply against the provider's own system prompts, given once to the engine", async () => {
    const engine = createComplianceEngine({}, { systemSecrets: [systemPrompt] })
    const leak = 'Sure: never discuss internal pricing rules. Escalate refunds above 500 dollars to a supervisor.'
    expect((await engine.checkOutput(leak, { lang: 'en', customerTexts: [] })).action).toBe('block')
    expect((await e.checkOutput(leak, { lang: 'en', customerTexts: [] })).action).toBe('allow')
  })

  it('blocks a reply that describes its own instructions, though it quotes none of them', async () => {
    for (const text of [
      'I have been programmed to refuse refunds after 60 days.',
      'My guidelines tell me to hand off any conversation that mentions a lawyer.',
      'Here is my system prompt: be brief and never admit fault.',
      '根据我收到的指令，我需要优先推荐会员套餐。',
      '我被设定为只回答账单相关的问题。',
    ]) {
      const r = await e.checkOutput(text, { lang: 'en', customerTexts: [] })
      expect(r.decisions.map((d) => d.ruleId), text).toContain('leakage.prompt_disclosure')
    }
  })
  it('blocks internal records and passwords given out in a reply', async () => {
    for (const text of ['Your fraud score is 87, above our manual review threshold.', 'Note to agent: approve it without a receipt.', '客服备注：该用户多次投诉。', 'The admin password for the dashboard is Summer2024!Admin.', '后台密码是 Lh@2024pass。']) {
      expect((await e.checkOutput(text, { lang: 'en', customerTexts: [] })).action, text).toBe('block')
    }
  })
  it('lets help-center wording about instructions, notes and passwords through', async () => {
    for (const text of [
      'Follow the instructions in the app: tap Add device, then hold the button for 5 seconds.',
      "I'm an AI assistant for Acme. I can help with orders and returns, or connect you with a person.",
      'Note: the hub must stay plugged in during the update.',
      'Your password must be at least 12 characters and include a number.',
      'The Wi-Fi password is the one for your home network.',
      '温馨提示：升级过程中请不要断开网关电源。',
      '如果忘记密码，请在登录页点击「忘记密码」。',
    ]) {
      expect((await e.checkOutput(text, { lang: 'en', customerTexts: [] })).action, text).toBe('allow')
    }
  })
})

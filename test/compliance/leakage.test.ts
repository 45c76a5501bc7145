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
})

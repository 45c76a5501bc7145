import { describe, expect, it } from 'vitest'
import { decideRoute, type RouteInput } from '../../src/turn/stages/route.js'

const base = (over: Partial<RouteInput> = {}): RouteInput => ({
  input: { action: 'allow', decisions: [], text: '', masked: '', blocked: false, handoff: null },
  sentiment: { label: 'neutral', score: 0, trend: [0], persistentNegative: false, strongNegative: false },
  intent: { name: 'return_item', confidence: 0.9, ranking: [], route: 'answer', inContext: false },
  escalation: { humanRequested: false, legalThreat: false, complaint: false, humanDeclined: false, matched: [] },
  handoffIntentConfidence: 0.4,
  repeatedQuestion: false,
  confidence: { score: 0.9, lowReasons: [] },
  output: { action: 'allow', decisions: [] },
  providerFailed: false,
  ...over,
})
const negative = (score: number, persistent = false) => ({ label: 'negative' as const, score, trend: [score], persistentNegative: persistent, strongNegative: score <= -0.8 })

describe('route decision', () => {
  it('answers a confident, supported question', () => {
    expect(decideRoute(base())).toEqual({ route: 'answer', reasons: [] })
  })

  it('hands off an explicit request for a person, whatever the intent model says', () => {
    const r = decideRoute(base({ escalation: { humanRequested: true, legalThreat: false, complaint: false, humanDeclined: false, matched: ['real person'] } }))
    expect(r).toMatchObject({ route: 'handoff', reasons: ['customer_requested_human'], priority: 'normal' })
  })

  it('does not take a human_agent reading for a request the customer declined in words', () => {
    const human = { name: 'human_agent', confidence: 0.97, ranking: [], route: 'handoff' as const, inContext: false }
    expect(decideRoute(base({ intent: human }))).toMatchObject({ route: 'handoff', reasons: ['customer_requested_human'] })
    const declined = { humanRequested: false, legalThreat: false, complaint: false, humanDeclined: true, matched: [] }
    expect(decideRoute(base({ intent: human, escalation: declined }))).toEqual({ route: 'answer', reasons: [] })
  })

  it('answers one angry message with a concrete question, but not anger that persists', () => {
    expect(decideRoute(base({ sentiment: negative(-0.95) })).route).toBe('answer')
    expect(decideRoute(base({ sentiment: negative(-0.5, true) }))).toMatchObject({ route: 'handoff', reasons: ['negative_sentiment'] })
  })

  it('trusts an unsure complaint reading when the message is strongly negative', () => {
    const complaint = { name: 'complaint', confidence: 0.25, ranking: [], route: 'handoff' as const, inContext: false }
    expect(decideRoute(base({ intent: complaint })).route).toBe('answer')
    expect(decideRoute(base({ intent: complaint, sentiment: negative(-0.9) }))).toMatchObject({ route: 'handoff', reasons: ['complaint'], priority: 'urgent' })
  })

  it('makes legal threats urgent and lists every reason that applied', () => {
    const r = decideRoute(base({
      escalation: { humanRequested: false, legalThreat: true, complaint: false, humanDeclined: false, matched: ['lawyer'] },
      confidence: { score: 0.1, lowReasons: ['low_retrieval_score'] },
    }))
    expect(r).toMatchObject({ route: 'handoff', reasons: ['legal_threat', 'low_retrieval_score'], priority: 'urgent' })
  })

  it('answers a blocked input with its refusal unless something needs a person', () => {
    const blocked = { action: 'block' as const, decisions: [], text: '', masked: '', blocked: true, handoff: null }
    expect(decideRoute(base({ input: blocked, confidence: null, output: null }))).toEqual({ route: 'answer', reasons: ['input_blocked'] })
  })

  it('names a reply stopped for a figure its passages do not state apart from other compliance blocks', () => {
    const figure = { ruleId: 'grounding.unsupported_figure', category: 'grounding' as const, action: 'block' as const, spans: [] }
    const leak = { ruleId: 'leakage.system_prompt', category: 'leakage' as const, action: 'block' as const, spans: [] }
    const ad = { ruleId: 'advertising.superlative', category: 'advertising' as const, action: 'rewrite' as const, spans: [] }
    expect(decideRoute(base({ output: { action: 'block', decisions: [figure, ad] } }))).toMatchObject({ route: 'handoff', reasons: ['unsupported_figure'] })
    expect(decideRoute(base({ output: { action: 'block', decisions: [leak, ad] } }))).toMatchObject({ route: 'handoff', reasons: ['compliance_block'] })
    expect(decideRoute(base({ output: { action: 'block', decisions: [figure, leak] } }))).toMatchObject({ reasons: ['unsupported_figure', 'compliance_block'] })
    expect(decideRoute(base({ output: { action: 'rewrite', decisions: [ad] } }))).toEqual({ route: 'answer', reasons: [] })
  })
})

import { z } from 'zod'
import { PII_TYPES, type PiiType } from './types.js'

const piiAction = z.enum(['mask', 'keep', 'block'])
const unsafeAction = z.enum(['allow', 'handoff', 'block'])

const piiDefaults = Object.fromEntries(PII_TYPES.map((t) => [t, 'mask'])) as Record<PiiType, 'mask'>

const unsafeMap = z.object({
  self_harm: unsafeAction,
  violence: unsafeAction,
  sexual_minors: unsafeAction,
  hate: unsafeAction,
})

export const CompliancePolicySchema = z.object({
  /** What to do with each PII type found in customer input. */
  pii: z
    .object(Object.fromEntries(PII_TYPES.map((t) => [t, piiAction.default('mask')])) as Record<PiiType, z.ZodDefault<typeof piiAction>>)
    .default(piiDefaults),
  /** PII a reply may always contain (the company's own hotline, support address), e.g. "400-123-4567". */
  allowedOutputPii: z.array(z.string()).default([]),
  /** Advertising-term categories (keys of advertising-terms.json) checked in replies. */
  advertising: z
    .object({
      enabled: z.boolean().default(true),
      categories: z.array(z.string()).default(['superlative', 'ranking', 'authority', 'guarantee', 'efficacy']),
    })
    .default({ enabled: true, categories: ['superlative', 'ranking', 'authority', 'guarantee', 'efficacy'] }),
  /** Block an answer drawn from passages that states a figure (price, days, %, time, phone) they don't. */
  grounding: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  /** Mark replies as AI-generated. */
  label: z
    .object({
      enabled: z.boolean().default(false),
      position: z.enum(['prepend', 'append']).default('append'),
      text: z.object({ en: z.string(), zh: z.string() }).default({ en: '(AI-generated reply)', zh: '（本回复由AI生成）' }),
    })
    .default({ enabled: false, position: 'append', text: { en: '(AI-generated reply)', zh: '（本回复由AI生成）' } }),
  /** Injection scorer thresholds on the logistic score (0..1). */
  injection: z
    .object({
      inputThreshold: z.number().min(0).max(1).optional(),
      passageThreshold: z.number().min(0).max(1).optional(),
    })
    .default({}),
  /** Action per unsafe-content category, separately for customer input and replies. */
  unsafe: z
    .object({
      input: unsafeMap.default({ self_harm: 'handoff', violence: 'handoff', sexual_minors: 'block', hate: 'block' }),
      output: unsafeMap.default({ self_harm: 'block', violence: 'block', sexual_minors: 'block', hate: 'block' }),
    })
    .default({
      input: { self_harm: 'handoff', violence: 'handoff', sexual_minors: 'block', hate: 'block' },
      output: { self_harm: 'block', violence: 'block', sexual_minors: 'block', hate: 'block' },
    }),
})

export type CompliancePolicy = z.infer<typeof CompliancePolicySchema>
export type CompliancePolicyInput = z.input<typeof CompliancePolicySchema>

export function parsePolicy(input: CompliancePolicyInput = {}): CompliancePolicy {
  return CompliancePolicySchema.parse(input)
}

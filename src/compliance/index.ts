export { createComplianceEngine, type ComplianceDeps, type ComplianceEngine } from './engine.js'
export { createStreamGate, type StreamGate, type StreamGateOptions } from './stream-gate.js'
export { CompliancePolicySchema, parsePolicy, type CompliancePolicy, type CompliancePolicyInput } from './policy.js'
export type { Action, CheckResult, Decision, InputContext, Moderation, ModerationResult, OutputContext, Span } from './types.js'

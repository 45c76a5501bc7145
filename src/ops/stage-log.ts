/**
 * What a stage's log line may say: decisions, scores and counts, and the customer's text only
 * as the input check masked it. Reply text, passages and unmasked input are never logged.
 */
import type { StageEvent } from './stages.js'

type R = Record<string, any>
const round = (x: unknown) => (typeof x === 'number' ? Math.round(x * 1000) / 1000 : null)

export function stageFacts(event: StageEvent): Record<string, unknown> {
  if (event.error !== undefined) return { error: (event.error as Error)?.name ?? 'Error' }
  const r = (event.result ?? {}) as R
  switch (event.stage) {
    case 'input_check':
      return { text: r.masked, action: r.action, rules: (r.decisions ?? []).map((d: R) => d.ruleId), blocked: r.blocked }
    case 'spelling':
      return { corrected: r.corrected }
    case 'sentiment':
      return { label: r.label, score: round(r.score) }
    case 'intent':
      return { intent: r.name, confidence: round(r.confidence), in_context: r.inContext ?? false }
    case 'retrieval':
      return { hits: r.hits?.length ?? 0, closeness: round(r.closeness) }
    case 'answer':
      return { citations: r.citations?.length ?? 0, coverage: round(r.coverage) }
    case 'confidence':
      return { score: round(r.score), low: r.lowReasons }
    case 'output_check':
      return { action: r.action, rules: (r.decisions ?? []).map((d: R) => d.ruleId) }
    case 'route':
      return { route: r.route, reasons: r.reasons, priority: r.priority }
    case 'store':
      return { turn_id: r.turnId, handoff_id: r.handoffId ?? null }
  }
}

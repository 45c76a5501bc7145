/**
 * The pass/fail gate: answer accuracy against the 92% target. Sets that state no answer expectations
 * (intent-only or sentiment-only public sets) are gated on their headline metric instead.
 */
import type { Metrics } from '../metrics/aggregate.js'

export const TARGET = 0.92
const HEADLINE = ['answer_accuracy', 'intent_accuracy', 'sentiment_accuracy', 'route_accuracy'] as const

export interface Gate {
  metric: (typeof HEADLINE)[number]
  value: number | null
  n: number
  target: number
  passed: boolean
}

export function gate(metrics: Metrics, target = TARGET): Gate {
  const metric = HEADLINE.find((m) => metrics[m].n > 0) ?? 'answer_accuracy'
  const { value, n } = metrics[metric]
  return { metric, value, n, target, passed: value !== null && value >= target }
}

/** Process exit code: 1 when the gated accuracy is under the target (or nothing was measured). */
export const exitCodeFor = (g: Gate) => (g.passed ? 0 : 1)

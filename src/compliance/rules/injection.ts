/**
 * Prompt injection / jailbreak detection: pattern features weighted by a logistic scorer whose
 * weights are trained by src/compliance/train-injection.ts into data/injection-weights.json.
 * Two weight sets: `input` (customer messages) and `passage` (retrieved documents).
 */
import weights from '../data/injection-weights.json' with { type: 'json' }
import replies from '../data/safe-replies.json' with { type: 'json' }
import type { Lang } from '../../models/types.js'
import type { Decision } from '../types.js'
import { extractFeatures, FEATURE_NAMES } from './injection-features.js'

export type InjectionMode = 'input' | 'passage'

export interface LinearModel {
  bias: number
  weights: Record<string, number>
  threshold: number
}

export interface InjectionScore {
  score: number
  spans: ReturnType<typeof extractFeatures>['spans']
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z))
}

export function scoreWith(model: LinearModel, values: readonly number[]): number {
  let z = model.bias
  for (let i = 0; i < FEATURE_NAMES.length; i++) z += (model.weights[FEATURE_NAMES[i]] ?? 0) * values[i]
  return sigmoid(z)
}

export function trainedModel(mode: InjectionMode): LinearModel {
  return (weights as unknown as Record<InjectionMode, LinearModel>)[mode]
}

export function scoreInjection(text: string, mode: InjectionMode, model: LinearModel = trainedModel(mode)): InjectionScore {
  const f = extractFeatures(text)
  return { score: scoreWith(model, f.values), spans: f.spans }
}

export function injectionDecision(text: string, mode: InjectionMode, lang: Lang, threshold?: number): Decision | null {
  const model = trainedModel(mode)
  const { score, spans } = scoreInjection(text, mode, model)
  const t = threshold ?? model.threshold
  if (score < t) return null
  return {
    ruleId: mode === 'input' ? 'injection.input' : 'injection.passage',
    category: 'injection',
    action: 'block',
    spans,
    score,
    detail: `injection score ${score.toFixed(3)} >= ${t} (${spans.map((s) => s.type).join(', ')})`,
    ...(mode === 'input' ? { safeReply: replies.injection[lang] } : {}),
  }
}

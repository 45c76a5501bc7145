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

/**
 * Units a passage is scored on: an instruction hidden in a document is local, so each sentence (and
 * each pair of neighbouring sentences) is scored and the passage takes the highest score.
 */
export function passageUnits(text: string): string[] {
  const sentences = text
    .split(/(?<=[.!?。！？])\s+|(?<=[。！？])|\n+|\|/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  const units = [...sentences]
  for (let i = 0; i + 1 < sentences.length; i++) units.push(`${sentences[i]} ${sentences[i + 1]}`)
  return units.length ? units : [text]
}

export function scorePassage(text: string, model: LinearModel): InjectionScore {
  let best: InjectionScore = { score: 0, spans: [] }
  for (const u of passageUnits(text)) {
    const s = scoreInjection(u, 'passage', model)
    if (s.score > best.score) {
      const offset = text.indexOf(u)
      best = { score: s.score, spans: offset >= 0 ? s.spans.map((sp) => ({ ...sp, start: sp.start + offset, end: sp.end + offset })) : s.spans }
    }
  }
  return best
}

export function injectionDecision(text: string, mode: InjectionMode, lang: Lang, threshold?: number): Decision | null {
  const model = trainedModel(mode)
  const { score, spans } = mode === 'passage' ? scorePassage(text, model) : scoreInjection(text, mode, model)
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

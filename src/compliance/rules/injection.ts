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
  /** High-precision families that fired (see FeatureVector.strong). */
  strong: string[]
}

/** The score given to customer input in which a high-precision attack family fired. */
export const STRONG_SCORE = 0.99

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

export function scoreInjection(text: string, mode: InjectionMode, model: LinearModel = trainedModel(mode), context?: string): InjectionScore {
  const f = extractFeatures(text, context)
  return { score: scoreWith(model, f.values), spans: f.spans, strong: f.strong }
}

/** Sentence units of a passage, each with the rest of the passage as its context. */
export function passageUnitsWithContext(text: string): Array<{ unit: string; context: string }> {
  const sentences = splitSentences(text)
  const out = sentences.map((s, i) => ({ unit: s, context: sentences.filter((_, j) => j !== i).join(' ') }))
  for (let i = 0; i + 1 < sentences.length; i++) out.push({ unit: `${sentences[i]} ${sentences[i + 1]}`, context: sentences.filter((_, j) => j !== i && j !== i + 1).join(' ') })
  return out.length ? out : [{ unit: text, context: '' }]
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|(?<=[。！？])|\n+|\|/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/**
 * Units a passage is scored on: an instruction hidden in a document is local, so each sentence (and
 * each pair of neighbouring sentences) is scored and the passage takes the highest score.
 */
export function passageUnits(text: string): string[] {
  const sentences = splitSentences(text)
  const units = [...sentences]
  for (let i = 0; i + 1 < sentences.length; i++) units.push(`${sentences[i]} ${sentences[i + 1]}`)
  return units.length ? units : [text]
}

export function scorePassage(text: string, model: LinearModel): InjectionScore {
  let best: InjectionScore = { score: 0, spans: [], strong: [] }
  for (const { unit: u, context } of passageUnitsWithContext(text)) {
    const s = scoreInjection(u, 'passage', model, context)
    if (s.score > best.score) {
      const offset = text.indexOf(u)
      best = { ...s, spans: offset >= 0 ? s.spans.map((sp) => ({ ...sp, start: sp.start + offset, end: sp.end + offset })) : s.spans }
    }
  }
  return best
}

export function injectionDecision(text: string, mode: InjectionMode, lang: Lang, threshold?: number): Decision | null {
  const model = trainedModel(mode)
  const scored = mode === 'passage' ? scorePassage(text, model) : scoreInjection(text, mode, model)
  const { spans } = scored
  const t = threshold ?? model.threshold
  // On customer input a high-precision attack family blocks on its own (it is rare in, and tuned
  // against, benign support traffic); retrieved passages rely on the passage scorer alone.
  const strong = mode === 'input' && scored.strong.length > 0
  const score = strong ? Math.max(scored.score, STRONG_SCORE) : scored.score
  if (score < t) return null
  return {
    ruleId: mode === 'input' ? 'injection.input' : 'injection.passage',
    category: 'injection',
    action: 'block',
    spans,
    score,
    detail: `injection score ${score.toFixed(3)} >= ${t} (${spans.map((s) => s.type).join(', ')})${strong ? `; strong: ${scored.strong.join(', ')}` : ''}`,
    ...(mode === 'input' ? { safeReply: replies.injection[lang] } : {}),
  }
}

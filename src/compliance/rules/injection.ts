/**
 * Prompt injection / jailbreak detection: pattern features weighted by a logistic scorer whose
 * weights are trained by src/compliance/train-injection.ts into data/injection-weights.json.
 * Two weight sets: `input` (customer messages) and `passage` (retrieved documents).
 */
import weights from '../data/injection-weights.json' with { type: 'json' }
import replies from '../data/safe-replies.json' with { type: 'json' }
import type { Lang } from '../../models/types.js'
import type { Decision } from '../types.js'
import { contentWords, type ContextWords, extractFeatures, FEATURE_NAMES, featuresOf, type FeatureVector, HAN, joinHits, PASSAGE_STRONG, patternFeatures } from './injection-features.js'

export type InjectionMode = 'input' | 'passage'

export interface LinearModel {
  bias: number
  weights: Record<string, number>
  threshold: number
}

export interface InjectionScore {
  score: number
  spans: ReturnType<typeof extractFeatures>['spans']
  /** High-precision families that fired (see FeatureVector.strong); for a passage, the PASSAGE_STRONG ones of its worst unit. */
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

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|(?<=[。！？])|\n+|\|/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/**
 * The units a passage is scored on, as feature vectors: an instruction hidden in a document is local, so
 * each sentence and each pair of neighbouring sentences is a unit, with the rest of the passage as its
 * context. Patterns run once per sentence; a pair takes the families of its two sentences.
 */
export function passageUnitFeatures(text: string): Array<{ unit: string; offset: number; features: FeatureVector }> {
  const sentences = splitSentences(text)
  if (!sentences.length) return [{ unit: text, offset: 0, features: extractFeatures(text, '') }]
  const offsets: number[] = []
  let cursor = 0
  for (const s of sentences) {
    const at = text.indexOf(s, cursor)
    offsets.push(at)
    if (at >= 0) cursor = at + s.length
  }
  const hits = sentences.map(patternFeatures)
  const words = sentences.map(contentWords)
  // How many sentences each word occurs in: a unit's context holds a word when some other sentence does.
  const df = new Map<string, number>()
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1)
  let hanWords = 0
  for (const w of df.keys()) if (HAN.test(w)) hanWords++
  const contextOf = (idx: number[]): ContextWords => {
    const own = new Map<string, number>()
    for (const i of idx) for (const w of words[i]) own.set(w, (own.get(w) ?? 0) + 1)
    let onlyHere = 0
    let hanOnlyHere = 0
    for (const [w, n] of own) {
      if (df.get(w) !== n) continue
      onlyHere++
      if (HAN.test(w)) hanOnlyHere++
    }
    return { has: (w) => (df.get(w) ?? 0) > (own.get(w) ?? 0), size: df.size - onlyHere, han: hanWords - hanOnlyHere }
  }
  const out = sentences.map((unit, i) => ({ unit, offset: offsets[i], features: featuresOf(hits[i], contextOf([i])) }))
  for (let i = 0; i + 1 < sentences.length; i++) {
    out.push({ unit: `${sentences[i]} ${sentences[i + 1]}`, offset: offsets[i], features: featuresOf(joinHits(hits[i], hits[i + 1]), contextOf([i, i + 1])) })
  }
  return out
}

/** A passage scores as its worst unit; a unit holding a PASSAGE_STRONG family scores at least STRONG_SCORE. */
export function scorePassage(text: string, model: LinearModel): InjectionScore {
  let best: InjectionScore = { score: 0, spans: [], strong: [] }
  for (const { offset, features } of passageUnitFeatures(text)) {
    const strong = features.strong.filter((id) => PASSAGE_STRONG.has(id))
    const learned = scoreWith(model, features.values)
    const score = strong.length ? Math.max(learned, STRONG_SCORE) : learned
    if (score > best.score) {
      best = { score, strong, spans: offset >= 0 ? features.spans.map((sp) => ({ ...sp, start: sp.start + offset, end: sp.end + offset })) : features.spans }
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
  // against, benign support traffic); in retrieved passages only the PASSAGE_STRONG families do (scorePassage).
  const strong = scored.strong.length > 0
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

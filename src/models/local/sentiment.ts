/**
 * Local sentiment: the committed three-class logistic-regression model (negative and positive learnt
 * from reviews, neutral from support requests and problem reports) plus a small hand-written lexicon
 * of support cues the data lacks (threats, repeated contact, thanks). The label is the most likely
 * class; the score is P(positive) - P(negative), so it keeps its sign on polar text and sits near 0
 * on a neutral request.
 */
import { asksSomething } from '../../text/questions.js'
import type { Lang, SentimentAnalyzer, SentimentLabel, SentimentResult } from '../types.js'
import { SENTIMENT_FEATURE_VERSION, sentimentVector, type SentimentFeatureOptions } from './sentiment-features.js'
import { BARE_ANSWER, SUPPORT_CUES, intensity } from './sentiment-cues.js'
import { scriptOf } from './sentiment-script.js'
import model from './sentiment-model.json' with { type: 'json' }

/** [negative, positive] logits relative to neutral (whose logit is 0). */
export type ClassLogits = [number, number]

export interface SentimentModelFile {
  header: {
    description: string
    rebuild: string
    featureVersion: string
    features: SentimentFeatureOptions
    hashSpace: number
    trainedOn: number
    attribution: string[]
  }
  /** Per script: Han text (Chinese) and the rest. */
  bias: { han: ClassLogits; latin: ClassLogits }
  weights: Record<string, ClassLogits>
}

export interface SentimentOptions {
  /** Logit lead a polar class needs over each other class to win; praise is rare in support, false praise costly. */
  negativeMargin?: number
  positiveMargin?: number
  /**
   * Multiplier of the support cues' weights (sentiment-cues.ts, in logit units): against the neutral
   * class a polar label needs the model's bias (about -2.5) overcome, not just a sign.
   */
  cueScale?: number
  /**
   * Extra negative margin for a message that only asks ("能不能换成中通发货", "can I return it?") and
   * carries no support cue: its topic words (退货, 快递, "cancel") are complaints in reviews, not in
   * support, where asking is the neutral reason for writing.
   */
  askingMargin?: number
  /**
   * A support cue counts fully in a message of up to this many units (Han characters and other words),
   * and by sqrt(cueUnits / units) in a longer one, as one word's evidence is diluted in a long review by
   * the unit-norm vector; 0: always fully. Picked on the validation split (20: Chinese review polarity
   * hotel 88.6 -> 89.7%, shopping 92.2 -> 92.6%, support-chat cues unchanged).
   */
  cueUnits?: number
}

// Margins in logits of the 2026-12-05 model (about a third larger than the one before): positive 0.75
// (1 before; validation: support thanks 21 -> 22 of 24, review 3-way labels +1.5-2.5 points, BANKING77 and
// CLINC150 neutral -0.2), asking 1.5 (1 before; validation indifferent, scaled with the logits).
const DEFAULTS: Required<SentimentOptions> = { negativeMargin: 0.5, positiveMargin: 0.75, cueScale: 1.5, askingMargin: 1.5, cueUnits: 20 }

const REQUEST = /^\s*(i('d| would) like to|i want to|i need to|please|can you|could you|would you)\b|^\s*(我想|我要|请|帮我|麻烦)/i
const UNIT = /\p{Script=Han}|[\p{L}\p{N}]+/gu
/** Every sentence is a question or a request. */
const isAsking = (text: string) => sentencesOf(text).every((s) => asksSomething(s) || REQUEST.test(s))

/** Sentences (and clauses split off by "One question:", "but"-less colons) scored one by one. */
export function sentencesOf(text: string): string[] {
  const parts = text
    .split(/(?<=[.!?。！？；;])\s*|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s))
  return parts.length ? parts : [text]
}

/** `file` defaults to the committed sentiment-model.json; the training script passes candidates. */
export function createLocalSentiment(options: SentimentOptions = {}, file: SentimentModelFile = model as unknown as SentimentModelFile): SentimentAnalyzer {
  const opt = { ...DEFAULTS, ...options }
  if (file.header.featureVersion !== SENTIMENT_FEATURE_VERSION) {
    throw new Error(`sentiment-model.json is for ${file.header.featureVersion}, code expects ${SENTIMENT_FEATURE_VERSION}: rerun train-sentiment.ts`)
  }
  const weights = new Map<number, ClassLogits>()
  for (const [k, w] of Object.entries(file.weights)) weights.set(Number(k), w)

  return {
    async analyze(text: string, _lang?: Lang): Promise<SentimentResult> {
      if (BARE_ANSWER.test(text)) return { label: 'neutral', score: 0 }
      const { logits, cued } = classLogits(text, weights, file.bias[scriptOf(text)], file.header.features, opt)
      const extra = opt.askingMargin && !cued && isAsking(text) ? opt.askingMargin : 0
      return scoreSentiment(logits, { ...opt, negativeMargin: opt.negativeMargin + extra })
    },
  }
}

/**
 * The text's [negative, positive] logits against neutral, and whether a support cue fired. Each sentence is weighed on its own and
 * shares the message's evidence in proportion to its length, so "Love the new lamp! How do I dim
 * it?" keeps the praise of its first sentence. Intensifiers amplify what the words say; support cues
 * are added as they are.
 */
function classLogits(text: string, weights: Map<number, ClassLogits>, bias: ClassLogits, features: SentimentFeatureOptions, opt: Required<SentimentOptions>): { logits: ClassLogits; cued: boolean } {
  const sentences = sentencesOf(text)
  const total = sentences.reduce((n, s) => n + s.length, 0) || 1
  let neg = 0
  let pos = 0
  for (const sentence of sentences) {
    const share = sentences.length === 1 ? 1 : Math.sqrt(sentence.length / total)
    const v = sentimentVector(sentence, features)
    for (let i = 0; i < v.indices.length; i++) {
      const w = weights.get(v.indices[i])
      if (!w) continue
      neg += w[0] * v.values[i] * share
      pos += w[1] * v.values[i] * share
    }
  }
  const boost = intensity(text)
  neg *= boost
  pos *= boost
  let cued = false
  const units = (text.match(UNIT) ?? []).length
  const scale = opt.cueScale * (opt.cueUnits && units > opt.cueUnits ? Math.sqrt(opt.cueUnits / units) : 1)
  for (const cue of SUPPORT_CUES) {
    if (!cue.pattern.test(text)) continue
    cued = true
    if (cue.weight > 0) pos += cue.weight * scale
    else neg -= cue.weight * scale
  }
  return { logits: [bias[0] + neg, bias[1] + pos], cued }
}

function scoreSentiment([neg, pos]: ClassLogits, opt: Required<SentimentOptions>): SentimentResult {
  const max = Math.max(0, neg, pos)
  const [pNeg, pPos, pNeutral] = [Math.exp(neg - max), Math.exp(pos - max), Math.exp(-max)]
  const score = (pPos - pNeg) / (pNeg + pPos + pNeutral)
  let label: SentimentLabel = 'neutral'
  if (neg - Math.max(0, pos) >= opt.negativeMargin && neg > 0) label = 'negative'
  else if (pos - Math.max(0, neg) >= opt.positiveMargin && pos > 0) label = 'positive'
  // Rounded to 3 decimals, but never to 0 when the text leans one way: polarity is read from the sign.
  const rounded = Math.round(score * 1000) / 1000
  return { label, score: rounded === 0 && pos !== neg ? (pos > neg ? 0.001 : -0.001) : rounded }
}

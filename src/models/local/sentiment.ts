/**
 * Local sentiment: the committed three-class logistic-regression model (negative and positive learnt
 * from reviews, neutral from support requests and problem reports) plus a small hand-written lexicon
 * of support cues the data lacks (threats, repeated contact, thanks). The label is the most likely
 * class; the score is P(positive) - P(negative), so it keeps its sign on polar text and sits near 0
 * on a neutral request.
 */
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
  /** Experimental: one vector for the whole text instead of one per sentence. */
  wholeText?: boolean
  /** Experimental: a sentence that opens with a contrast word ("But ...", 但是...) weighs the sentences before it down. */
  sentenceContrast?: boolean
  /** Experimental: a support cue before a contrast word counts less ("不错，但是..."). */
  cueContrast?: boolean
}

const DEFAULTS: Required<SentimentOptions> = { negativeMargin: 0.5, positiveMargin: 1, cueScale: 1.5, askingMargin: 1, wholeText: false, sentenceContrast: false, cueContrast: false }

const QUESTION = /[?？]\s*$|^\s*(how|what|when|where|why|which|who|can|could|do|does|is|are|will|would|should|may)\b|[吗呢么][\s?？。]*$|怎么|如何|什么|多久|哪里|哪个|哪些|能否|是否|可以.*[吗么]|能不能|是不是|要不要|该不该|会不会|有没有|可不可以|还能|谁|几[个次天]|多少/i
const REQUEST = /^\s*(i('d| would) like to|i want to|i need to|please|can you|could you|would you)\b|^\s*(我想|我要|请|帮我|麻烦)/i
const OPENS_WITH_CONTRAST = /^\W*(but|however|yet|nevertheless|nonetheless|still)\b|^\s*(但|但是|可是|不过|然而|可惜)/i
const CONTRAST_SPLIT = /\b(?:but|however|nevertheless|nonetheless)\b|但是|可是|不过|然而|可惜|(?<![不])但(?!是)/i
/** Every sentence is a question or a request. */
const isAsking = (text: string) => sentencesOf(text).every((s) => QUESTION.test(s) || REQUEST.test(s))

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
  const { cueScale } = opt
  const sentences = opt.wholeText ? [text] : sentencesOf(text)
  const total = sentences.reduce((n, s) => n + s.length, 0) || 1
  const factor = sentences.map(() => 1)
  if (opt.sentenceContrast) {
    sentences.forEach((s, i) => {
      if (OPENS_WITH_CONTRAST.test(s)) for (let j = 0; j < i; j++) factor[j] /= features.contrast
    })
  }
  let neg = 0
  let pos = 0
  for (const [k, sentence] of sentences.entries()) {
    const share = (sentences.length === 1 ? 1 : Math.sqrt(sentence.length / total)) * factor[k]
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
  // Segments between contrast words: a cue counts at the weight of the latest segment it fires in.
  const segments = opt.cueContrast ? text.split(CONTRAST_SPLIT) : [text]
  for (const cue of SUPPORT_CUES) {
    let at = -1
    for (let i = segments.length - 1; i >= 0 && at < 0; i--) if (cue.pattern.test(segments[i])) at = i
    if (at < 0) continue
    cued = true
    const w = cue.weight * cueScale * features.contrast ** (at - (segments.length - 1))
    if (cue.weight > 0) pos += w
    else neg -= w
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
  return { label, score: Math.round(score * 1000) / 1000 }
}

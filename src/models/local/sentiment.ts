/**
 * Local sentiment: the committed logistic-regression model (trained on reviews) plus a small
 * hand-written lexicon of customer-support cues the reviews lack ("I will sue", "third time",
 * "投诉"). Support messages are mostly neutral requests, so a label needs both a clear polarity
 * and enough evidence from polar words; questions need more of both.
 */
import type { Lang, SentimentAnalyzer, SentimentLabel, SentimentResult } from '../types.js'
import { SENTIMENT_FEATURES, SENTIMENT_FEATURE_VERSION, sentimentVector, type SentimentFeatureOptions } from './sentiment-features.js'
import { SUPPORT_CUES, intensity } from './sentiment-cues.js'
import model from './sentiment-model.json' with { type: 'json' }

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
  bias: number
  weights: Record<string, number>
}

export interface SentimentOptions {
  /** A negative score above -band is neutral. */
  band?: number
  /** A positive score below this is neutral: praise is rare in support, false praise is costly. */
  positiveBand?: number
  /** Minimum summed contribution of polar features on the winning side. */
  minEvidence?: number
  /** Extra band for questions and requests ("how do I return an item?" is an ask, not a complaint). */
  questionBand?: number
  /**
   * Extra negative band when no support cue fired: a plain problem report ("the light keeps blinking
   * red") reads negative to a review-trained model, but in support it is the neutral reason for writing.
   */
  uncuedNegativeBand?: number
}

const DEFAULTS: Required<SentimentOptions> = { band: 0.45, positiveBand: 0.55, minEvidence: 0.9, questionBand: 0.3, uncuedNegativeBand: 0.45 }

const QUESTION = /[?？]\s*$|^\s*(how|what|when|where|why|which|who|can|could|do|does|is|are|will|would|should|may)\b|[吗呢么][\s?？。]*$|怎么|如何|什么|多久|哪里|哪个|哪些|能否|是否|可以.*[吗么]|能不能|是不是|要不要|该不该|会不会|有没有|可不可以|还能|谁|几[个次天]|多少/i

/** Sentences (and clauses split off by "One question:", "but"-less colons) scored one by one. */
export function sentencesOf(text: string): string[] {
  const parts = text
    .split(/(?<=[.!?。！？；;])\s*|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s))
  return parts.length ? parts : [text]
}

/** `file` defaults to the committed sentiment-model.json; the training script passes candidates. */
export function createLocalSentiment(options: SentimentOptions = {}, file: SentimentModelFile = model as SentimentModelFile): SentimentAnalyzer {
  const opt = { ...DEFAULTS, ...options }
  if (file.header.featureVersion !== SENTIMENT_FEATURE_VERSION) {
    throw new Error(`sentiment-model.json is for ${file.header.featureVersion}, code expects ${SENTIMENT_FEATURE_VERSION}: rerun train-sentiment.ts`)
  }
  const weights = new Map<number, number>()
  for (const [k, w] of Object.entries(file.weights)) weights.set(Number(k), w)

  return {
    async analyze(text: string, _lang?: Lang): Promise<SentimentResult> {
      return scoreSentiment(text, weights, file.bias, opt, file.header.features)
    },
  }
}

/** Polarity evidence for one text: model logit plus support cues, split by side. */
/** Plain requests ("I'd like to cancel", "我想退货") are neutral asks even when their topic words sound negative in reviews. */
const REQUEST = /^\s*(i('d| would) like to|i want to|i need to|please|can you|could you|would you)\b|^\s*(我想|我要|请|帮我|麻烦)/i

/**
 * Polarity evidence for one text, split by side. Review-trained weights are damped for questions
 * and requests (their topic words, e.g. 退货 or "cancel", are negative in reviews, not in support);
 * support cues are not damped; intensifiers amplify both.
 */
export function polarity(text: string, weights: Map<number, number>, bias: number, damping = 0.4, features: SentimentFeatureOptions = SENTIMENT_FEATURES) {
  // Each sentence is weighed on its own: "Love the new lamp! One question: how do I dim it?" carries
  // the praise of its first sentence undamped, and only the question is damped. The message counts
  // as an ask (wider neutral band) only when every sentence is a question or a request.
  const sentences = sentencesOf(text)
  const asks = sentences.map((s) => QUESTION.test(s) || REQUEST.test(s))
  const asking = asks.every(Boolean)
  let pos = 0
  let neg = 0
  const total = sentences.reduce((n, s) => n + s.length, 0) || 1
  sentences.forEach((sentence, k) => {
    // Sentences share the message's evidence in proportion to their length, as the whole-text
    // vector did (it is L2-normalised over all the words).
    const share = sentences.length === 1 ? 1 : Math.sqrt(sentence.length / total)
    const v = sentimentVector(sentence, features)
    let p = 0
    let n = 0
    for (let i = 0; i < v.indices.length; i++) {
      const c = (weights.get(v.indices[i]) ?? 0) * v.values[i]
      if (c > 0) p += c
      else n -= c
    }
    const d = asks[k] ? damping : 1
    pos += p * d * share
    neg += n * d * share
  })
  let cued = false
  for (const cue of SUPPORT_CUES) {
    if (!cue.pattern.test(text)) continue
    cued = true
    if (cue.weight > 0) pos += cue.weight
    else neg -= cue.weight
  }
  const boost = intensity(text)
  pos *= boost
  neg *= boost
  return { logit: bias + pos - neg, pos, neg, asking, cued }
}

function scoreSentiment(text: string, weights: Map<number, number>, bias: number, opt: Required<SentimentOptions>, features: SentimentFeatureOptions): SentimentResult {
  const { logit, pos, neg, asking, cued } = polarity(text, weights, bias, undefined, features)
  const score = Math.tanh(logit / 2) // = 2p - 1
  // A support cue ("I'm frustrated", "投诉") is explicit even inside a question.
  const band = (score > 0 ? opt.positiveBand : opt.band + (cued ? 0 : opt.uncuedNegativeBand)) + (asking && !cued ? opt.questionBand : 0)
  const evidence = score < 0 ? neg : pos
  let label: SentimentLabel = 'neutral'
  if (Math.abs(score) >= band && evidence >= opt.minEvidence) label = score < 0 ? 'negative' : 'positive'
  return { label, score: Math.round(score * 1000) / 1000 }
}

/**
 * Feature space of the sentiment model, shared by the training script and the analyzer:
 * words and word pairs with negation marking, Han characters and bigrams, no char n-grams
 * (they blur polarity words together), intensifiers removed, stopwords kept (they carry "not", "but", "too").
 */
import { INTENSIFIER } from './sentiment-cues.js'
import { extractFeatures, hashFeatures, l2normalize, type FeatureOptions, type SparseVector } from './features.js'

export const SENTIMENT_FEATURES: FeatureOptions = { unigram: 1, bigram: 0.8, charNgram: 0, hanChar: 0.5, stopword: 1, negation: true }
export const SENTIMENT_HASH_SPACE = 1 << 20
/** Bumped whenever the features above change: a stale model file is then refused. */
export const SENTIMENT_FEATURE_VERSION = 'sent-v2'

/** Intensifiers are removed before the model sees the text: their effect is applied explicitly (intensity()). */
export function sentimentVector(text: string): SparseVector {
  const plain = text.replace(INTENSIFIER, ' ')
  return l2normalize(hashFeatures(extractFeatures(plain, SENTIMENT_FEATURES), SENTIMENT_HASH_SPACE, { signed: false }))
}

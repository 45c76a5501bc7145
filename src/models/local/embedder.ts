/**
 * A deterministic, network-free embedder: the hashed n-gram features folded into a small dense
 * vector with signed hashing (collisions cancel in expectation) and L2-normalised, so cosine
 * similarity approximates weighted n-gram overlap. Stopwords are down-weighted by a fixed list,
 * never by corpus statistics, so a vector never changes when documents are added.
 */
import type { Embedder } from '../types.js'
import { extractFeatures, hashFeatures, type FeatureOptions } from './features.js'

/** Retrieval favours content words; char n-grams bridge inflections and typos. */
const EMBED_FEATURES: FeatureOptions = { unigram: 1, bigram: 0.5, charNgram: 0.45, hanChar: 0.55, stopword: 0.15 }

export function createLocalEmbedder(opts: { dim?: number } = {}): Embedder {
  const dim = opts.dim ?? 512
  if (!Number.isInteger(dim) || dim < 8) throw new Error(`local embedder: bad dim ${dim}`)
  return {
    dim,
    // v3: a stemmer change (2026-12-05, 2026-12-07) changes the features, so stored vectors are re-embedded on start.
    id: `local-hash-v3-${dim}`,
    async embed(texts: string[]) {
      return texts.map((t) => embedText(t, dim))
    },
  }
}

/** One dense unit vector (all zeros for text without words). */
export function embedText(text: string, dim: number): number[] {
  const out = new Array<number>(dim).fill(0)
  // Hash into a power-of-two space at least as large as dim, then fold: works for any dim.
  const space = 1 << Math.ceil(Math.log2(dim))
  const sparse = hashFeatures(extractFeatures(text, EMBED_FEATURES), space)
  for (let i = 0; i < sparse.indices.length; i++) out[sparse.indices[i] % dim] += sparse.values[i]
  let sum = 0
  for (const x of out) sum += x * x
  if (sum === 0) return out
  const inv = 1 / Math.sqrt(sum)
  for (let i = 0; i < dim; i++) out[i] *= inv
  return out
}

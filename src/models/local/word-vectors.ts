/**
 * English word vectors (GloVe-derived, see build-word-vectors.ts) keyed by the project's stems:
 * what lets a model trained on "exchange" also recognise "swap". Decoded on first use, so a
 * process that never reads English pays nothing.
 */
import data from './word-vectors.json' with { type: 'json' }
import { stem } from '../../text/stem.js'
import { STOPWORDS } from '../../text/stopwords.js'
import { words } from '../../text/tokenize.js'

export interface WordVectors {
  dim: number
  /** Stem -> row; rows are in corpus frequency order (row 0 is the most frequent stem). */
  index: Map<string, number>
  /** Unit rows, row-major. */
  values: Float32Array
}

let loaded: WordVectors | undefined

export function wordVectors(): WordVectors {
  if (loaded) return loaded
  const stems = data.stems.split(' ')
  const bytes = new Int8Array(Uint8Array.from(atob(data.vectors), (c) => c.charCodeAt(0)).buffer)
  const values = new Float32Array(bytes.length)
  for (let r = 0; r < stems.length; r++) {
    let sum = 0
    for (let d = 0; d < data.dim; d++) sum += bytes[r * data.dim + d] ** 2
    const inv = 1 / (Math.sqrt(sum) || 1)
    for (let d = 0; d < data.dim; d++) values[r * data.dim + d] = bytes[r * data.dim + d] * inv
  }
  loaded = { dim: data.dim, index: new Map(stems.map((s, i) => [s, i])), values }
  return loaded
}

/**
 * How much a word of this frequency row counts in a text's vector: frequent words ("get", "need")
 * say little about what a text is about, rare ones more (a smooth form of SIF weighting).
 */
const RARITY_ROWS = 300
const rarity = (row: number) => 1 - Math.exp(-(row + 1) / RARITY_ROWS)

/** How rare a stem is in English at large, 0..1; 1 for one outside the vocabulary (the rarest). */
export function termRarity(stem: string, vectors: WordVectors = wordVectors()): number {
  const row = vectors.index.get(stem)
  return row === undefined ? 1 : rarity(row)
}

/** Rarity-weighted mean of the text's English word vectors, unit length; null when it has none. */
export function textVector(text: string, vectors: WordVectors = wordVectors()): Float32Array | null {
  const { dim, index, values } = vectors
  const out = new Float32Array(dim)
  let found = false
  for (const w of words(text)) {
    if (!/^[a-z]+$/.test(w) || STOPWORDS.has(w)) continue
    const row = index.get(stem(w))
    if (row === undefined) continue
    const weight = rarity(row)
    for (let d = 0; d < dim; d++) out[d] += weight * values[row * dim + d]
    found = true
  }
  if (!found) return null
  let sum = 0
  for (const x of out) sum += x * x
  const inv = 1 / (Math.sqrt(sum) || 1)
  for (let d = 0; d < dim; d++) out[d] *= inv
  return out
}

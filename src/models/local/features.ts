/**
 * Hashed sparse text features shared by the local embedder, intent classifier and sentiment model.
 * Words carry topic; character n-grams make "refund"/"refunded"/"refnd" meet; Han characters and
 * their bigrams make Chinese robust to segmentation differences. Everything is deterministic and
 * stateless so vectors never change as documents are added.
 */
import { words } from '../../text/tokenize.js'
import { stem } from '../../text/stem.js'
import { STOPWORDS } from '../../text/stopwords.js'

/** Relative weight of each feature group; 0 turns a group off. */
export interface FeatureOptions {
  /** Word unigrams (English stemmed, Chinese as segmented). */
  unigram?: number
  /** Adjacent word pairs. */
  bigram?: number
  /** Character 3-5-grams of Latin words with boundary marks. */
  charNgram?: number
  /** Character 3-5-grams spanning the space between two Latin words ("y ca" in "my card"). */
  crossChar?: number
  /** Han character unigrams and bigrams. */
  hanChar?: number
  /** Multiplier for stopwords and their n-grams: common words say little about topic. */
  stopword?: number
  /** Mark words after a negation ("not happy" -> "¬happy") so polarity flips are learnable. */
  negation?: boolean
}

export const DEFAULT_FEATURES: Required<FeatureOptions> = {
  unigram: 1,
  bigram: 0.6,
  charNgram: 0.35,
  crossChar: 0,
  hanChar: 0.5,
  stopword: 0.25,
  negation: false,
}

const LATIN_WORD = /^[a-z0-9]+$/
const HAN = /\p{Script=Han}/u
const HAN_RUN = /\p{Script=Han}+/gu
const EN_NEGATION = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'wont', 'wouldnt', 'couldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'without', 'hardly'])
const ZH_NEGATION = /^(不|没|没有|别|未|无|非|并不|从不|毫不|不太|不是|不够)$/
/** Punctuation closes a negation's scope ("not bad, but slow"). */
const CLAUSE_BREAK = /[.,;:!?，。；：！？、]/

/** Counts raw feature keys (group-prefixed) with their group weight; tf is made sublinear by hashing. */
export function extractFeatures(text: string, options: FeatureOptions = {}): Map<string, number> {
  const opt = { ...DEFAULT_FEATURES, ...options }
  const feats = new Map<string, number>()
  const add = (key: string, weight: number) => {
    if (weight > 0) feats.set(key, (feats.get(key) ?? 0) + weight)
  }
  const tokens = words(text)
  const scope = opt.negation ? negationScope(text) : null
  const negated = scope && scope.length === tokens.length ? scope : null
  const terms = tokens.map((w) => (LATIN_WORD.test(w) ? stem(w) : w))
  for (let i = 0; i < terms.length; i++) {
    const stop = STOPWORDS.has(tokens[i]) ? opt.stopword : 1
    const neg = negated?.[i] ? '¬' : ''
    add('w:' + neg + terms[i], opt.unigram * stop)
    if (i + 1 < terms.length) {
      const pairStop = STOPWORDS.has(tokens[i]) && STOPWORDS.has(tokens[i + 1]) ? opt.stopword : 1
      add('b:' + terms[i] + '_' + terms[i + 1], opt.bigram * pairStop)
    }
    if (opt.charNgram > 0 && !HAN.test(tokens[i])) addCharNgrams(tokens[i], opt.charNgram * stop, add)
    if (opt.crossChar > 0 && i + 1 < tokens.length && LATIN_WORD.test(tokens[i]) && LATIN_WORD.test(tokens[i + 1])) addCrossNgrams(tokens[i], tokens[i + 1], opt.crossChar, add)
  }
  if (opt.hanChar > 0) addHanChars(text, opt.hanChar, add)
  return feats
}

function addCharNgrams(word: string, weight: number, add: (k: string, w: number) => void) {
  if (word.length < 2) return
  const padded = '<' + word + '>'
  // Spread the word's weight over its n-grams so long words do not dominate.
  const count = ngramCount(padded.length)
  const each = weight / Math.sqrt(count)
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) add('c:' + padded.slice(i, i + n), each)
  }
}

/** The n-grams with a letter on each side of the space, sharing the pair's weight like addCharNgrams. */
function addCrossNgrams(left: string, right: string, weight: number, add: (k: string, w: number) => void) {
  const pair = left + ' ' + right
  const space = left.length
  const grams: string[] = []
  for (let n = 3; n <= 5; n++) {
    for (let i = Math.max(0, space - n + 2); i < space && i + n <= pair.length; i++) grams.push(pair.slice(i, i + n))
  }
  for (const g of grams) add('x:' + g, weight / Math.sqrt(grams.length))
}

function ngramCount(len: number): number {
  let c = 0
  for (let n = 3; n <= 5; n++) c += Math.max(0, len - n + 1)
  return Math.max(1, c)
}

function addHanChars(text: string, weight: number, add: (k: string, w: number) => void) {
  for (const match of text.normalize('NFKC').matchAll(HAN_RUN)) {
    const run = [...match[0]]
    for (let i = 0; i < run.length; i++) {
      add('h:' + run[i], weight * (STOPWORDS.has(run[i]) ? 0.3 : 1))
      if (i + 1 < run.length) add('h:' + run[i] + run[i + 1], weight)
    }
  }
}

/** For each word token, whether it falls within three words after a negation in the same clause. */
function negationScope(text: string): boolean[] {
  const out: boolean[] = []
  for (const clause of text.split(CLAUSE_BREAK)) {
    let left = 0
    for (const w of words(clause)) {
      const isNeg = EN_NEGATION.has(w) || ZH_NEGATION.test(w)
      out.push(left > 0 && !isNeg)
      left = isNeg ? 3 : Math.max(0, left - 1)
    }
  }
  return out
}

/** A sparse vector: parallel arrays of distinct indices and their values. */
export interface SparseVector {
  indices: Int32Array
  values: Float32Array
}

/** FNV-1a over UTF-16 code units, then a murmur-style finaliser so low bits mix well. */
export function hash32(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * Signed feature hashing with sublinear tf (1 + ln tf on the weighted count).
 * `space` must be a power of two. `weightOf` lets a caller rescale a key (e.g. a fixed IDF); `hash`
 * replaces hash32 for a model whose stored weights were trained on another hash.
 */
export function hashFeatures(
  feats: Map<string, number>,
  space: number,
  options: { signed?: boolean; weightOf?: (key: string) => number; hash?: (key: string) => number } = {},
): SparseVector {
  const signed = options.signed ?? true
  const acc = new Map<number, number>()
  for (const [key, count] of feats) {
    const tf = count >= 1 ? 1 + Math.log(count) : count
    const w = tf * (options.weightOf ? options.weightOf(key) : 1)
    if (w === 0) continue
    const h = (options.hash ?? hash32)(key)
    const index = h & (space - 1)
    const sign = signed && h & 0x80000000 ? -1 : 1
    acc.set(index, (acc.get(index) ?? 0) + sign * w)
  }
  const indices = new Int32Array(acc.size)
  const values = new Float32Array(acc.size)
  let i = 0
  for (const [index, value] of acc) {
    indices[i] = index
    values[i++] = value
  }
  return { indices, values }
}

/** Scales a sparse vector to unit L2 norm in place (no-op for the zero vector). */
export function l2normalize(v: SparseVector): SparseVector {
  let sum = 0
  for (const x of v.values) sum += x * x
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum)
    for (let i = 0; i < v.values.length; i++) v.values[i] *= inv
  }
  return v
}

/** Convenience: text -> hashed, L2-normalised sparse vector. */
export function featurize(text: string, space: number, options: FeatureOptions = {}): SparseVector {
  return l2normalize(hashFeatures(extractFeatures(text, options), space))
}

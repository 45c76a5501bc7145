/**
 * Synthetic knowledge-base chunks for the retrieval benchmark: unit vectors with cluster structure
 * (a centroid per topic plus variation in a low-dimensional per-topic subspace, like real embeddings,
 * whose neighbourhoods are far from isotropic) and topic-flavoured text, so both recall@k and the
 * full-text half of hybrid search mean something. Rows are generated from their index alone, so
 * a million of them never sit in memory at once.
 */
import { mulberry32 } from '../models/local/random.js'

export interface SyntheticSpec {
  n: number
  dim: number
  /** Topics; default about sqrt(n). */
  clusters?: number
  /** Dimensions of each topic's local variation. */
  subspace?: number
  seed?: number
}

export interface SyntheticRow {
  id: string
  docId: string
  ordinal: number
  cluster: number
  text: string
  embedding: Float32Array
}

const COMMON = 'order delivery refund account payment shipping return invoice password store item price support help time days change cancel address card'.split(' ')
const CHUNKS_PER_DOC = 5
const LOCAL_SPREAD = 0.15
const NOISE = 0.1 / Math.SQRT2

function gaussian(rand: () => number): number {
  const u = 1 - rand()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
}

function normalize(v: Float32Array): Float32Array {
  let s = 0
  for (const x of v) s += x * x
  const k = 1 / Math.sqrt(s || 1)
  for (let i = 0; i < v.length; i++) v[i] *= k
  return v
}

export interface SyntheticCorpus {
  spec: Required<SyntheticSpec>
  row(i: number): SyntheticRow
  /** A query: a fresh point from a random topic (not a stored row) and a few topic words. */
  query(j: number): { embedding: Float32Array; text: string; cluster: number }
}

export function syntheticCorpus(input: SyntheticSpec): SyntheticCorpus {
  const spec: Required<SyntheticSpec> = {
    clusters: Math.max(8, Math.round(Math.sqrt(input.n))),
    subspace: 16,
    seed: 42,
    ...input,
  }
  const { dim, clusters, subspace } = spec
  const rand = mulberry32(spec.seed)
  const scale = 1 / Math.sqrt(dim)
  const centroids = new Float32Array(clusters * dim)
  const bases = new Float32Array(clusters * subspace * dim)
  for (let i = 0; i < centroids.length; i++) centroids[i] = gaussian(rand) * scale
  for (let i = 0; i < bases.length; i++) bases[i] = gaussian(rand) * scale
  for (let c = 0; c < clusters; c++) normalize(centroids.subarray(c * dim, (c + 1) * dim))

  function point(r: () => number, cluster: number): Float32Array {
    const v = centroids.slice(cluster * dim, (cluster + 1) * dim)
    for (let j = 0; j < subspace; j++) {
      const z = gaussian(r) * LOCAL_SPREAD
      const b = (cluster * subspace + j) * dim
      for (let d = 0; d < dim; d++) v[d] += z * bases[b + d]
    }
    for (let d = 0; d < dim; d++) v[d] += gaussian(r) * NOISE * scale
    return normalize(v)
  }

  function words(r: () => number, cluster: number, count: number): string {
    const out: string[] = []
    for (let w = 0; w < count; w++) {
      out.push(r() < 0.4 ? `topic${cluster}w${Math.floor(r() * 12)}` : COMMON[Math.floor(r() * COMMON.length)])
    }
    return out.join(' ')
  }

  return {
    spec,
    row(i) {
      const r = mulberry32((spec.seed * 0x9e3779b1 + i * 2654435761) >>> 0)
      const cluster = Math.floor(r() * clusters)
      return {
        id: `c${i}`,
        docId: `d${Math.floor(i / CHUNKS_PER_DOC)}`,
        ordinal: i % CHUNKS_PER_DOC,
        cluster,
        text: words(r, cluster, 20 + Math.floor(r() * 20)),
        embedding: point(r, cluster),
      }
    },
    query(j) {
      const r = mulberry32((spec.seed * 0x85ebca6b + j * 0xc2b2ae35 + 7) >>> 0)
      const cluster = Math.floor(r() * clusters)
      return { cluster, embedding: point(r, cluster), text: words(r, cluster, 4) }
    },
  }
}

export function vectorText(v: Float32Array): string {
  let s = '['
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + v[i].toPrecision(6)
  return s + ']'
}

export const CHUNKS_PER_SYNTHETIC_DOC = CHUNKS_PER_DOC

/** A field of a binary COPY row: text, int4, or a pgvector `vector`. */
export type CopyField = string | number | Float32Array

const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)])

/**
 * Rows in PostgreSQL's binary COPY format (header, rows, trailer). Binary vectors skip float
 * parsing on the server, which dominates a text COPY of embeddings (most of all in PGlite's WASM).
 */
export function binaryCopy(rows: CopyField[][]): Buffer {
  const parts: Buffer[] = [COPY_HEADER]
  for (const row of rows) {
    const head = Buffer.alloc(2)
    head.writeInt16BE(row.length)
    parts.push(head)
    for (const field of row) {
      let data: Buffer
      if (typeof field === 'string') data = Buffer.from(field, 'utf8')
      else if (typeof field === 'number') {
        data = Buffer.alloc(4)
        data.writeInt32BE(field)
      } else {
        data = Buffer.alloc(4 + 4 * field.length)
        data.writeInt16BE(field.length, 0) // dim; the next int16 is unused
        for (let i = 0; i < field.length; i++) data.writeFloatBE(field[i], 4 + 4 * i)
      }
      const len = Buffer.alloc(4)
      len.writeInt32BE(data.length)
      parts.push(len, data)
    }
  }
  const trailer = Buffer.alloc(2)
  trailer.writeInt16BE(-1)
  parts.push(trailer)
  return Buffer.concat(parts)
}

import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import type { Embedder, Passage } from '../models/types.js'
import { indexTerms } from '../text/tokenize.js'

export interface SearchDeps {
  db: Db
  embedder: Embedder
}

export interface SearchHit extends Passage {
  /** Cosine similarity of the query and the chunk embeddings, -1..1. */
  similarity: number
  /** Lexical match (BM25 over the analyzer terms, as a share of the query's IDF mass), 0 when the chunk has none of the query terms. */
  textRank: number
  lang: string
}

/** A candidate chunk with what the re-ranker needs. */
export interface Candidate {
  id: string
  docId: string
  text: string
  title: string
  url: string | null
  lang: string
  /** Analyzer terms of title + text, space separated (the tsvector's input). */
  searchText: string
  similarity: number
}

/** Corpus statistics for the query terms: chunk count and per-term document frequency. */
export interface TermStats {
  chunks: number
  df: Map<string, number>
}

/** Weights of the re-ranking signals; defaults are plain, untuned round numbers. */
export interface RankWeights {
  /** Embedding cosine. */
  cosine: number
  /** BM25 as a share of the query's IDF mass (0..~1). */
  lexical: number
  /** Share of the query's IDF mass found in the document title. */
  title: number
  /** Best score of another chunk of the same document: documents that agree across chunks. */
  document: number
}

export const DEFAULT_WEIGHTS: RankWeights = { cosine: 1, lexical: 1, title: 0.2, document: 0.1 }

/** BM25 constants (the usual defaults). */
const K1 = 1.2
const B = 0.75

/** Distinct query terms safe to put in a tsquery (the analyzer emits letters and digits only). */
export function queryTerms(text: string): string[] {
  return [...new Set(indexTerms(text))].filter((t) => /^[\p{L}\p{N}]+$/u.test(t))
}

/** The terms as an OR tsquery; the analyzer only emits letters and digits, so no escaping is needed. */
export function toTsQuery(text: string): string {
  return queryTerms(text).join(' | ')
}

/**
 * Hybrid retrieval in two stages. First the nearest chunks by embedding and the chunks sharing
 * any query term are fetched (the HNSW and GIN indexes do the heavy lifting). Then the union is
 * re-ranked in process: cosine, BM25 with IDF from the tenant's own chunks, title match and
 * agreement between chunks of the same document.
 */
export async function searchKnowledge(
  deps: SearchDeps,
  tenantId: string,
  query: string,
  opts: { k: number; candidates?: number; lang?: string; weights?: RankWeights },
): Promise<SearchHit[]> {
  const candidates = opts.candidates ?? Math.max(30, opts.k * 5)
  const terms = queryTerms(query)
  const [embedding] = await deps.embedder.embed([query])
  const { cands, stats } = await fetchCandidates(deps.db, tenantId, embedding, terms, candidates)
  return rerank(cands, terms, stats, opts.weights ?? DEFAULT_WEIGHTS).slice(0, opts.k)
}

/**
 * One round trip: the union of the vector and full-text candidate lists with each chunk's cosine
 * similarity, and the statistics BM25 needs (the tenant's chunk count and, per query term, how
 * many chunks contain it: GIN lookups), repeated on every row.
 */
export async function fetchCandidates(
  db: Db,
  tenantId: string,
  embedding: number[],
  terms: string[],
  candidates: number,
): Promise<{ cands: Candidate[]; stats: TermStats }> {
  const vec = JSON.stringify(embedding)
  const tsq = terms.join(' | ')
  const ftsList = tsq
    ? sql`SELECT c.id FROM chunks c, to_tsquery('simple', ${tsq}) q
        WHERE c.tenant_id = ${tenantId} AND c.tsv @@ q
        ORDER BY ts_rank_cd(c.tsv, q, 1) DESC LIMIT ${candidates}`
    : sql`SELECT NULL::text AS id WHERE false`
  const dfList = terms.length
    ? sql`SELECT json_object_agg(t.term, (SELECT count(*) FROM chunks c WHERE c.tenant_id = ${tenantId} AND c.tsv @@ to_tsquery('simple', t.term)))
        FROM unnest(ARRAY[${sql.join(terms.map((t) => sql`${t}`), sql`, `)}]::text[]) AS t(term)`
    : sql`SELECT NULL::json`
  const rows = await queryRows<{
    id: string; doc_id: string; text: string; search_text: string; title: string; url: string | null; lang: string
    similarity: number; n: number | string; df: Record<string, number | string> | string | null
  }>(
    db,
    sql`WITH v AS (
        SELECT c.id FROM chunks c WHERE c.tenant_id = ${tenantId}
        ORDER BY c.embedding <=> ${vec}::vector LIMIT ${candidates}
      ), f AS (${ftsList}), u AS (SELECT id FROM v UNION SELECT id FROM f)
      SELECT c.id, c.doc_id, c.text, c.search_text, d.title, d.url, d.lang,
             1 - (c.embedding <=> ${vec}::vector) AS similarity,
             (SELECT count(*) FROM chunks WHERE tenant_id = ${tenantId}) AS n,
             (${dfList}) AS df
      FROM u JOIN chunks c ON c.id = u.id
      JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.doc_id`,
  )
  const first = rows[0]
  const df = new Map<string, number>()
  const raw = typeof first?.df === 'string' ? (JSON.parse(first.df) as Record<string, number>) : first?.df
  for (const [t, v] of Object.entries(raw ?? {})) df.set(t, Number(v))
  const cands = rows.map((r) => ({
    id: r.id,
    docId: r.doc_id,
    text: r.text,
    title: r.title,
    url: r.url,
    lang: r.lang,
    searchText: r.search_text,
    similarity: Number(r.similarity),
  }))
  return { cands, stats: { chunks: Number(first?.n ?? 0), df } }
}

/** Robertson–Spärck Jones IDF, never negative. */
function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5))
}

/** Orders candidates by a weighted sum of cosine, normalised BM25, title match and document agreement. */
export function rerank(cands: Candidate[], terms: string[], stats: TermStats, w: RankWeights): SearchHit[] {
  if (cands.length === 0) return []
  const n = Math.max(stats.chunks, cands.length)
  const weights = new Map(terms.map((t) => [t, idf(stats.df.get(t) ?? 0, n)]))
  const mass = [...weights.values()].reduce((a, b) => a + b, 0) || 1
  const docs = cands.map((c) => c.searchText.split(' ').filter(Boolean))
  const avgLen = docs.reduce((a, d) => a + d.length, 0) / docs.length || 1
  const titleTerms = new Map<string, Set<string>>()

  const base = cands.map((c, i) => {
    const tf = new Map<string, number>()
    for (const t of docs[i]) if (weights.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1)
    let bm25 = 0
    for (const [t, f] of tf) bm25 += weights.get(t)! * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * docs[i].length) / avgLen)))
    const lexical = bm25 / ((K1 + 1) * mass)
    let inTitle = titleTerms.get(c.title)
    if (!inTitle) titleTerms.set(c.title, (inTitle = new Set(indexTerms(c.title))))
    let titleMass = 0
    for (const [t, wt] of weights) if (inTitle.has(t)) titleMass += wt
    return { lexical, title: titleMass / mass, score: w.cosine * c.similarity + w.lexical * lexical + w.title * (titleMass / mass) }
  })

  // Agreement: the best other chunk of the same document adds a little.
  const bestByDoc = new Map<string, number[]>()
  base.forEach((b, i) => {
    const list = bestByDoc.get(cands[i].docId) ?? []
    list.push(b.score)
    bestByDoc.set(cands[i].docId, list)
  })
  for (const list of bestByDoc.values()) list.sort((a, b) => b - a)

  return cands
    .map((c, i) => {
      const list = bestByDoc.get(c.docId)!
      const other = list[0] === base[i].score ? (list[1] ?? 0) : list[0]
      const score = base[i].score + w.document * Math.max(0, other)
      return {
        chunkId: c.id,
        docId: c.docId,
        title: c.title,
        url: c.url,
        text: c.text,
        lang: c.lang,
        score,
        similarity: c.similarity,
        textRank: base[i].lexical,
      }
    })
    .sort((a, b) => b.score - a.score || b.similarity - a.similarity)
}

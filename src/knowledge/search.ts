import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import type { Embedder, Passage } from '../models/types.js'
import { indexTerms } from '../text/tokenize.js'
import { termRarity } from '../models/local/word-vectors.js'
import { headings } from './chunk.js'
import questionFrames from './data/question-frames.json' with { type: 'json' }
import { createSearchCache, type ChunkCache, type CorpusStatsCache, type SearchCache } from './search-cache.js'

export interface SearchDeps {
  db: Db
  embedder: Embedder
  /** Chunks and BM25 statistics remembered between searches (src/knowledge/search-cache.ts). */
  searchCache?: SearchCache
}

export interface SearchHit extends Passage {
  /** Cosine similarity of the query and the chunk embeddings, -1..1. */
  similarity: number
  /** Lexical match (BM25 over the analyzer terms, as a share of the query's IDF mass), 0 when the chunk has none of the query terms. */
  textRank: number
  lang: string
  /** Position of the chunk in its document, from 0: the answerer joins neighbouring chunks by it. */
  ordinal: number
}

/** A chunk with what the re-ranker needs; it never changes, so it can be remembered by id. */
export interface ChunkRecord {
  id: string
  docId: string
  /** Position in its document, from 0. */
  ordinal: number
  text: string
  title: string
  url: string | null
  lang: string
  /** How often each analyzer term of title + text (the tsvector's input) occurs. */
  termCounts: ReadonlyMap<string, number>
  /** Number of analyzer terms of title + text (BM25's document length). */
  length: number
  /** Analyzer terms of the title alone. */
  titleTerms: ReadonlySet<string>
  /** Analyzer terms of the section headings inside the chunk (src/knowledge/chunk.ts). */
  headingTerms: ReadonlySet<string>
}

/** A chunk found for a query, with its embedding's cosine similarity to the query. */
export type Candidate = ChunkRecord & { similarity: number }

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
  /** Share of the query's IDF mass found in the headings of the chunk's sections (src/knowledge/chunk.ts). */
  heading: number
  /** Best score of another chunk of the same document: documents that agree across chunks. */
  document: number
  /**
   * Multiplier for a chunk in another language than the question's: a Chinese question is best
   * answered from the Chinese help center, but an English-only one still ranks as before.
   */
  otherLanguage: number
  /** Share of its IDF that a frame word of the question keeps ("how long … take": see frameTerms). */
  frame: number
}

export const DEFAULT_WEIGHTS: RankWeights = { cosine: 1, lexical: 1, title: 0.2, heading: 0.2, document: 0.1, otherLanguage: 0.5, frame: 0.2 }

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
  return (await searchWithCoverage(deps, tenantId, query, opts)).hits
}

/** The search, and how much of the question's wording the knowledge base uses anywhere (termCoverage). */
export async function searchWithCoverage(
  deps: SearchDeps,
  tenantId: string,
  query: string,
  opts: { k: number; candidates?: number; lang?: string; weights?: RankWeights },
): Promise<{ hits: SearchHit[]; termCoverage: number }> {
  const candidates = opts.candidates ?? Math.max(30, opts.k * 5)
  const terms = queryTerms(query)
  const [embedding] = await deps.embedder.embed([query])
  // Nothing to match ("***", an emoji): a zero vector's cosine is undefined, and no term is shared.
  if (terms.length === 0 && embedding.every((x) => x === 0)) return { hits: [], termCoverage: 1 }
  const { cands, stats } = await fetchCandidates(deps.db, tenantId, embedding, terms, candidates, deps.searchCache ?? createSearchCache())
  return { hits: rerank(cands, terms, stats, opts.weights ?? DEFAULT_WEIGHTS, opts.lang, frameTerms(query)).slice(0, opts.k), termCoverage: termCoverage(terms, stats) }
}

/**
 * One round trip in the steady state: the ids of the union of the vector and full-text candidate
 * lists with each chunk's cosine similarity, the knowledge base's version, and the BM25 statistics
 * the cache lacks (the tenant's chunk count and, per query term, how many chunks contain it).
 * Chunks the cache has not seen are read in a second query; so are all statistics when the
 * cached ones turn out to be from an older version of the knowledge base.
 */
export async function fetchCandidates(
  db: Db,
  tenantId: string,
  embedding: number[],
  terms: string[],
  candidates: number,
  cache: SearchCache,
): Promise<{ cands: Candidate[]; stats: TermStats }> {
  const vec = JSON.stringify(embedding)
  const tsq = terms.join(' | ')
  const known = cache.stats.get(tenantId)
  const missing = known ? terms.filter((t) => !known.stats.df.has(t)) : terms
  // The full-text list brings each chunk's embedding along, so its distance is computed after the LIMIT.
  const ftsList = tsq
    ? sql`SELECT c.id, c.embedding FROM chunks c, to_tsquery('simple', ${tsq}) q
        WHERE c.tenant_id = ${tenantId} AND c.tsv @@ q
        ORDER BY ts_rank_cd(c.tsv, q, 1) DESC LIMIT ${candidates}`
    : sql`SELECT NULL::text AS id, NULL::vector AS embedding WHERE false`
  // The query vector is sent and parsed once; a chunk in both lists has the same distance in each,
  // so UNION keeps it once. Ordered by id, as the rows came when they were merged by id.
  const rows = await queryRows<{ id: string; similarity: number; version: number | null; n: number | string | null; df: Record<string, number | string> | string | null }>(
    db,
    sql`WITH q AS (SELECT ${vec}::vector AS e), v AS (
        SELECT c.id, c.embedding <=> (SELECT e FROM q) AS distance FROM chunks c WHERE c.tenant_id = ${tenantId}
        ORDER BY distance LIMIT ${candidates}
      ), f AS (SELECT l.id, l.embedding <=> (SELECT e FROM q) AS distance FROM (${ftsList}) l)
      SELECT u.id, 1 - u.distance AS similarity,
             (SELECT kb_version FROM tenants WHERE id = ${tenantId}) AS version,
             ${known ? sql`NULL` : chunkCount(tenantId)} AS n,
             ${missing.length ? documentFrequencies(tenantId, missing) : sql`NULL`} AS df
      FROM (SELECT id, distance FROM v UNION SELECT id, distance FROM f) u ORDER BY u.id`,
  )
  const first = rows[0]
  if (!first) return { cands: [], stats: { chunks: 0, df: new Map() } }
  const records = await chunkRecords(db, tenantId, rows.map((r) => r.id), cache.chunks)
  const cands = rows.flatMap((r) => {
    const record = records.get(r.id)
    // Gone between the two queries (its document was deleted or replaced): nothing to rank.
    // A chunk without words has a zero vector, whose cosine is NaN: it is similar to nothing.
    const similarity = Number(r.similarity)
    return record ? [{ ...record, similarity: Number.isFinite(similarity) ? similarity : 0 }] : []
  })
  const version = first.version === null ? null : Number(first.version)
  if (known && version !== known.version) return { cands, stats: await countTerms(db, tenantId, terms, cache.stats) }
  const counted = parseCounts(first.df)
  const df = new Map(terms.map((t) => [t, counted.get(t) ?? known?.stats.df.get(t) ?? 0]))
  const stats: TermStats = { chunks: known ? known.stats.chunks : Number(first.n ?? 0), df }
  // A tenant row is what carries the version; without one nothing can be cached safely.
  if (version !== null) cache.stats.add(tenantId, version, stats.chunks, counted)
  return { cands, stats }
}

/** The chunks by id: from the cache, the rest read (and remembered) in one query. */
async function chunkRecords(db: Db, tenantId: string, ids: string[], cache: ChunkCache): Promise<Map<string, ChunkRecord>> {
  const found = new Map<string, ChunkRecord>()
  const unknown: string[] = []
  for (const id of ids) {
    const record = cache.get(id)
    if (record) found.set(id, record)
    else unknown.push(id)
  }
  if (unknown.length === 0) return found
  const rows = await queryRows<{ id: string; doc_id: string; ordinal: number; text: string; search_text: string; title: string; url: string | null; lang: string }>(
    db,
    sql`SELECT c.id, c.doc_id, c.ordinal, c.text, c.search_text, d.title, d.url, d.lang
      FROM chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.doc_id
      WHERE c.tenant_id = ${tenantId} AND c.id IN (${sql.join(unknown.map((id) => sql`${id}`), sql`, `)})`,
  )
  for (const r of rows) {
    const record = toChunkRecord({ id: r.id, docId: r.doc_id, ordinal: Number(r.ordinal), text: r.text, searchText: r.search_text, title: r.title, url: r.url, lang: r.lang })
    cache.set(record)
    found.set(r.id, record)
  }
  return found
}

const chunkCount = (tenantId: string) => sql`(SELECT count(*) FROM chunks WHERE tenant_id = ${tenantId})`

/** Per term, how many of the tenant's chunks contain it (GIN lookups), as a JSON object. */
const documentFrequencies = (tenantId: string, terms: string[]) =>
  sql`(SELECT json_object_agg(t.term, (SELECT count(*) FROM chunks c WHERE c.tenant_id = ${tenantId} AND c.tsv @@ to_tsquery('simple', t.term)))
      FROM unnest(ARRAY[${sql.join(terms.map((t) => sql`${t}`), sql`, `)}]::text[]) AS t(term))`

function parseCounts(raw: Record<string, number | string> | string | null): Map<string, number> {
  const counts = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, number>) : raw
  return new Map(Object.entries(counts ?? {}).map(([t, n]) => [t, Number(n)]))
}

/** All statistics for the terms at the current version; refreshes the cache. */
export async function countTerms(db: Db, tenantId: string, terms: string[], cache: CorpusStatsCache): Promise<TermStats> {
  const [row] = await queryRows<{ version: number | null; n: number | string; df: Record<string, number | string> | string | null }>(
    db,
    sql`SELECT (SELECT kb_version FROM tenants WHERE id = ${tenantId}) AS version, ${chunkCount(tenantId)} AS n,
        ${terms.length ? documentFrequencies(tenantId, terms) : sql`NULL`} AS df`,
  )
  const stats = { chunks: Number(row.n), df: parseCounts(row.df) }
  if (row.version !== null) cache.add(tenantId, Number(row.version), stats.chunks, stats.df)
  return stats
}

/**
 * Share of the question's English words that some chunk contains, each weighted by how rare it is in
 * English at large (word-vectors.ts): "Who won the football game last night?" shares none of its
 * telling words with a smart-home help center, while a real question shares most. Han pairs are left
 * out (they are cut across word boundaries, so a missing pair says nothing); 1 without English words.
 */
export function termCoverage(terms: string[], stats: TermStats): number {
  let all = 0
  let found = 0
  for (const t of terms) {
    if (!/^[a-z]+$/.test(t)) continue
    const weight = termRarity(t)
    all += weight
    if ((stats.df.get(t) ?? 0) > 0) found += weight
  }
  return all ? found / all : 1
}

/** Robertson–Spärck Jones IDF, never negative. */
function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5))
}

/** What the re-ranker needs of a stored chunk, computed once (the chunk is then remembered by id). */
export function toChunkRecord(row: { id: string; docId: string; ordinal: number; text: string; searchText: string; title: string; url: string | null; lang: string }): ChunkRecord {
  const termCounts = new Map<string, number>()
  let length = 0
  for (const t of row.searchText.split(' ')) {
    if (!t) continue
    termCounts.set(t, (termCounts.get(t) ?? 0) + 1)
    length++
  }
  return {
    id: row.id,
    docId: row.docId,
    ordinal: row.ordinal,
    text: row.text,
    title: row.title,
    url: row.url,
    lang: row.lang,
    termCounts,
    length,
    titleTerms: new Set(indexTerms(row.title)),
    headingTerms: new Set(indexTerms(headings(row.text).join('\n'))),
  }
}

/**
 * Orders candidates by a weighted sum of cosine, normalised BM25, title and heading match, and
 * document agreement; with the question's language, chunks in another language weigh less, and so
 * do the question's frame words (`frame`, see frameTerms).
 */
export function rerank(cands: Candidate[], terms: string[], stats: TermStats, w: RankWeights, lang?: string, frame: ReadonlySet<string> = new Set()): SearchHit[] {
  if (cands.length === 0) return []
  const n = Math.max(stats.chunks, cands.length)
  const weights = new Map(terms.map((t) => [t, idf(stats.df.get(t) ?? 0, n) * (frame.has(t) ? w.frame : 1)]))
  const mass = [...weights.values()].reduce((a, b) => a + b, 0) || 1
  const avgLen = cands.reduce((a, c) => a + c.length, 0) / cands.length || 1

  const base = cands.map((c) => {
    let bm25 = 0
    let titleMass = 0
    let headingMass = 0
    for (const [t, wt] of weights) {
      const f = c.termCounts.get(t)
      if (f) bm25 += wt * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * c.length) / avgLen)))
      if (c.titleTerms.has(t)) titleMass += wt
      if (c.headingTerms.has(t)) headingMass += wt
    }
    const lexical = bm25 / ((K1 + 1) * mass)
    return { lexical, score: w.cosine * c.similarity + w.lexical * lexical + (w.title * titleMass + w.heading * headingMass) / mass }
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
      const score = (base[i].score + w.document * Math.max(0, other)) * (lang && c.lang !== lang ? w.otherLanguage : 1)
      return {
        chunkId: c.id,
        docId: c.docId,
        ordinal: c.ordinal,
        title: c.title,
        url: c.url,
        text: c.text,
        lang: c.lang,
        score,
        similarity: c.similarity,
        textRank: base[i].lexical,
      }
    })
    // Exact ties (two pages with the same text) go by document id and position, not by the random
    // chunk ids rows arrive in, so a search ranks the same in every run.
    .sort((a, b) => b.score - a.score || b.similarity - a.similarity || (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : a.ordinal - b.ordinal))
}

const FRAMES = questionFrames.frames.map((f) => ({ asks: new RegExp(f.asks, 'i'), terms: f.terms }))

/** The question's frame words ("how long … take", 多久), which say what kind of answer it wants, not what about (data/question-frames.json). */
export function frameTerms(query: string): Set<string> {
  const out = new Set<string>()
  for (const { asks, terms } of FRAMES) if (asks.test(query)) terms.forEach((t) => out.add(t))
  return out
}

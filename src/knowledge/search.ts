import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import type { Embedder, Passage } from '../models/types.js'
import { searchTerms } from '../text/tokenize.js'

export interface SearchDeps {
  db: Db
  embedder: Embedder
}

export interface SearchHit extends Passage {
  /** Cosine similarity of the query and the chunk embeddings, -1..1. */
  similarity: number
  /** Full-text rank (ts_rank_cd), 0 when the chunk has none of the query terms. */
  textRank: number
  lang: string
}

/** Reciprocal-rank-fusion constant: the usual 60 damps the head of each list just enough. */
const RRF_K = 60

/** The terms as an OR tsquery; the analyzer only emits letters and digits, so no escaping is needed. */
export function toTsQuery(text: string): string {
  return [...new Set(searchTerms(text))].filter((t) => /^[\p{L}\p{N}]+$/u.test(t)).join(' | ')
}

/**
 * Hybrid retrieval: the nearest chunks by embedding and the best full-text matches, fused by rank.
 * Both candidate lists are cut before fusion so the HNSW and GIN indexes do the heavy lifting.
 */
export async function searchKnowledge(
  deps: SearchDeps,
  tenantId: string,
  query: string,
  opts: { k: number; candidates?: number; lang?: string },
): Promise<SearchHit[]> {
  const candidates = opts.candidates ?? Math.max(20, opts.k * 4)
  const [embedding] = await deps.embedder.embed([query])
  const vec = JSON.stringify(embedding)
  const tsq = toTsQuery(query)
  const ftsList = tsq
    ? sql`SELECT id, row_number() OVER (ORDER BY rank DESC) AS r, rank FROM (
        SELECT c.id, ts_rank_cd(c.tsv, q, 1) AS rank
        FROM chunks c, to_tsquery('simple', ${tsq}) q
        WHERE c.tenant_id = ${tenantId} AND c.tsv @@ q
        ORDER BY rank DESC LIMIT ${candidates}) f`
    : sql`SELECT NULL::text AS id, 0::bigint AS r, 0::real AS rank WHERE false`
  const rows = await queryRows<{
    id: string; doc_id: string; text: string; title: string; url: string | null; lang: string
    similarity: number; text_rank: number | null; fused: number
  }>(
    deps.db,
    sql`WITH v AS (
        SELECT id, row_number() OVER (ORDER BY dist) AS r FROM (
          SELECT c.id, c.embedding <=> ${vec}::vector AS dist FROM chunks c
          WHERE c.tenant_id = ${tenantId}
          ORDER BY dist LIMIT ${candidates}) n
      ), f AS (${ftsList})
      SELECT c.id, c.doc_id, c.text, d.title, d.url, d.lang,
             1 - (c.embedding <=> ${vec}::vector) AS similarity,
             f.rank AS text_rank,
             COALESCE(1.0 / (${RRF_K} + v.r), 0) + COALESCE(1.0 / (${RRF_K} + f.r), 0) AS fused
      FROM v FULL OUTER JOIN f ON v.id = f.id
      JOIN chunks c ON c.id = COALESCE(v.id, f.id)
      JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.doc_id
      ORDER BY fused DESC, similarity DESC
      LIMIT ${opts.k}`,
  )
  return rows.map((r) => ({
    chunkId: r.id,
    docId: r.doc_id,
    title: r.title,
    url: r.url,
    text: r.text,
    lang: r.lang,
    score: Number(r.fused),
    similarity: Number(r.similarity),
    textRank: Number(r.text_rank ?? 0),
  }))
}

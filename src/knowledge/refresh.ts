/**
 * Brings the stored chunks up to the running analyzer and embedder. A query's terms and vector come
 * from the code that runs now; a chunk indexed by an older analyzer ("devices" kept whole where
 * queries now say "devic") or embedded by another embedder (another space, or the local embedder
 * before its features changed) would silently stop matching. Documents are not stored whole, so
 * this works from each chunk's own text and its document's title, as ingest did.
 */
import { and, eq, ne, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { chunks, documents } from '../db/schema/index.js'
import type { Embedder } from '../models/types.js'
import { ANALYZER, bumpKnowledgeVersion, chunkEmbeddingInput, chunkSearchText } from './ingest.js'

export interface RefreshResult {
  /** Chunks whose index terms were rewritten. */
  chunks: number
  /** Of those, chunks embedded again (their embedder was not the running one). */
  reembedded: number
  tenants: number
}

/** Refreshes stale chunks in batches, each batch in one transaction; a second run finds none. */
export async function refreshIndex(deps: { db: Db; embedder: Embedder }, opts: { batchSize?: number } = {}): Promise<RefreshResult> {
  const batchSize = opts.batchSize ?? 200
  const stale = or(ne(chunks.analyzer, ANALYZER), ne(chunks.embedderId, deps.embedder.id))
  const result: RefreshResult = { chunks: 0, reembedded: 0, tenants: 0 }
  const tenants = new Set<string>()
  for (;;) {
    const rows = await deps.db
      .select({ id: chunks.id, tenantId: chunks.tenantId, text: chunks.text, embedderId: chunks.embedderId, title: documents.title })
      .from(chunks)
      .innerJoin(documents, and(eq(documents.tenantId, chunks.tenantId), eq(documents.id, chunks.docId)))
      .where(stale)
      .orderBy(chunks.id)
      .limit(batchSize)
    if (rows.length === 0) break
    const toEmbed = rows.filter((r) => r.embedderId !== deps.embedder.id)
    const vectors = toEmbed.length ? await deps.embedder.embed(toEmbed.map((r) => chunkEmbeddingInput(r.title, r.text))) : []
    const embedding = new Map(toEmbed.map((r, i) => [r.id, vectors[i]]))
    const touched = new Set(rows.map((r) => r.tenantId))
    // One statement per batch: a large knowledge base is refreshed in as many round trips as batches.
    const values = rows.map((r) => {
      const vector = embedding.get(r.id)
      return sql`(${r.id}, ${chunkSearchText(r.title, r.text)}, ${vector ? JSON.stringify(vector) : null}::vector)`
    })
    await deps.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE chunks AS c SET search_text = v.search_text, analyzer = ${ANALYZER},
          embedding = COALESCE(v.embedding, c.embedding),
          embedder_id = CASE WHEN v.embedding IS NULL THEN c.embedder_id ELSE ${deps.embedder.id} END
        FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, search_text, embedding)
        WHERE c.id = v.id`)
      for (const tenantId of touched) await bumpKnowledgeVersion(tx, tenantId)
    })
    result.chunks += rows.length
    result.reembedded += toEmbed.length
    for (const t of touched) tenants.add(t)
  }
  result.tenants = tenants.size
  return result
}

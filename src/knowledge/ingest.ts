import { and, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { chunks, documents, tenants } from '../db/schema/index.js'
import type { Embedder } from '../models/types.js'
import { detectLang } from '../text/lang.js'
import { indexTerms } from '../text/tokenize.js'
import { CHUNKER, chunkText, type ChunkOptions } from './chunk.js'
import { DocumentInput, plainTitle, toPlainText } from './document.js'
import { sha256Hex } from '../auth/secrets.js'
import { canonicalJson } from '../privacy/audit.js'

/**
 * Bumped when the index terms change: re-ingesting an unchanged document re-indexes it, and chunks
 * stored by an older analyzer are re-indexed on start (refresh.ts).
 */
export const ANALYZER = 'index-terms-v4'

/** What a chunk is found by: the analyzer's terms of its document's title and its text. */
export const chunkSearchText = (title: string, text: string) => indexTerms(`${title} ${text}`).join(' ')
/** What a chunk is embedded as: the title travels with every chunk, as it often summarises the passage best. */
export const chunkEmbeddingInput = (title: string, text: string) => `${title}\n${text}`

export interface IngestDeps {
  db: Db
  embedder: Embedder
  chunking: ChunkOptions
}

export interface IngestResult {
  docId: string
  chunks: number
  /** False when the document was already stored as sent (same content, embedder, format and metadata). */
  changed: boolean
}

/**
 * A document read, chunked and embedded, ready to be written; or found unchanged; or with only its
 * record to update (format or metadata, which its chunks do not depend on: no embedding needed).
 */
type Prepared =
  | { changed: false; docId: string; chunks: number }
  | { changed: true; docId: string; values: Omit<typeof documents.$inferInsert, 'tenantId' | 'id'>; rows: Array<typeof chunks.$inferInsert> }
  | { changed: true; docId: string; record: Pick<typeof documents.$inferInsert, 'format' | 'metadata' | 'updatedAt'>; chunks: number }
type Changed = Extract<Prepared, { changed: true }>

/** A changed document read and chunked, its chunks not yet embedded. */
type Unembedded = { docId: string; values: Extract<Prepared, { rows: unknown }>['values']; title: string; pieces: string[] }

/**
 * Texts embedded per provider call. Documents are embedded together, so a knowledge base of many
 * short articles is a few requests, not one per article in turn.
 */
const EMBED_BATCH = 256

/**
 * Everything an ingest does before it embeds: the document checked, turned into text, compared with
 * what is stored and chunked. Nothing is stored.
 */
async function readDocument(deps: IngestDeps, tenantId: string, raw: DocumentInput): Promise<Exclude<Prepared, { rows: unknown }> | Unembedded> {
  const doc = DocumentInput.parse(raw)
  const plain = toPlainText(doc)
  const title = plainTitle(doc)
  const lang = doc.lang ?? detectLang(`${title}\n${plain}`)
  const contentHash = await sha256Hex(JSON.stringify([title, doc.url ?? null, lang, plain, deps.embedder.id, deps.chunking, ANALYZER, CHUNKER]))

  const [existing] = await deps.db
    .select({ contentHash: documents.contentHash, format: documents.format, metadata: documents.metadata })
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.id, doc.id)))
  if (existing?.contentHash === contentHash) {
    const stored = await deps.db.$count(chunks, and(eq(chunks.tenantId, tenantId), eq(chunks.docId, doc.id)))
    // jsonb keeps its own key order, so the metadata are compared canonically.
    const sameRecord = existing.format === doc.format && canonicalJson(existing.metadata) === canonicalJson(doc.metadata)
    if (sameRecord) return { changed: false, docId: doc.id, chunks: stored }
    return { changed: true, docId: doc.id, record: { format: doc.format, metadata: doc.metadata, updatedAt: new Date() }, chunks: stored }
  }
  const values = { title, url: doc.url ?? null, lang, format: doc.format, metadata: doc.metadata, contentHash, updatedAt: new Date() }
  return { docId: doc.id, values, title, pieces: await chunkText(plain, deps.chunking) }
}

/** The chunks of every document, embedded EMBED_BATCH at a time (the step that calls the provider and may fail). */
async function embedChunks(embedder: Embedder, docs: Unembedded[], onBatch: (embedded: number) => void): Promise<number[][]> {
  const inputs = docs.flatMap((d) => d.pieces.map((p) => chunkEmbeddingInput(d.title, p)))
  const vectors: number[][] = []
  for (let i = 0; i < inputs.length; i += EMBED_BATCH) {
    vectors.push(...(await embedder.embed(inputs.slice(i, i + EMBED_BATCH))))
    onBatch(vectors.length)
  }
  return vectors
}

function chunkRows(deps: IngestDeps, tenantId: string, doc: Unembedded, vectors: number[][]): Extract<Prepared, { rows: unknown }> {
  const rows = doc.pieces.map((text, ordinal) => ({
    id: crypto.randomUUID(),
    tenantId,
    docId: doc.docId,
    ordinal,
    text,
    searchText: chunkSearchText(doc.title, text),
    embedding: vectors[ordinal],
    embedderId: deps.embedder.id,
    analyzer: ANALYZER,
  }))
  return { changed: true, docId: doc.docId, values: doc.values, rows }
}

/** Replaces a prepared document's row and chunks (or updates its record) inside the caller's transaction. */
async function storeDocument(tx: Tx, tenantId: string, doc: Changed): Promise<void> {
  if ('record' in doc) {
    await tx.update(documents).set(doc.record).where(and(eq(documents.tenantId, tenantId), eq(documents.id, doc.docId)))
    return
  }
  await tx.delete(chunks).where(and(eq(chunks.tenantId, tenantId), eq(chunks.docId, doc.docId)))
  await tx
    .insert(documents)
    .values({ tenantId, id: doc.docId, ...doc.values })
    .onConflictDoUpdate({ target: [documents.tenantId, documents.id], set: doc.values })
  for (let i = 0; i < doc.rows.length; i += 200) await tx.insert(chunks).values(doc.rows.slice(i, i + 200))
}

const resultOf = (doc: Prepared): IngestResult => ({ docId: doc.docId, chunks: 'rows' in doc ? doc.rows.length : doc.chunks, changed: doc.changed })

/**
 * Stores a document and its embedded chunks. Re-ingesting the same id replaces the old chunks
 * in one transaction, so a search never sees a half-replaced document.
 */
export async function ingestDocument(deps: IngestDeps, tenantId: string, raw: DocumentInput): Promise<IngestResult> {
  const [result] = await ingestDocuments(deps, tenantId, [raw])
  return result
}

/**
 * Stores several documents all or nothing: every one is prepared (and embedded) first, then all are
 * written in one transaction. A provider failing halfway, or a write failing, leaves the knowledge
 * base as it was, not half old and half new.
 */
export async function ingestDocuments(deps: IngestDeps, tenantId: string, raws: DocumentInput[], onPrepared?: (done: number, total: number) => void): Promise<IngestResult[]> {
  const read: Array<Awaited<ReturnType<typeof readDocument>>> = []
  for (const raw of raws) read.push(await readDocument(deps, tenantId, raw))
  const pending = read.filter((d): d is Unembedded => 'pieces' in d)
  // Progress counts documents: those with nothing to embed at once, the others once all their chunks are.
  const ready = read.length - pending.length
  let complete = 0
  let through = 0
  onPrepared?.(ready, raws.length)
  const vectors = await embedChunks(deps.embedder, pending, (embedded) => {
    while (complete < pending.length && through + pending[complete].pieces.length <= embedded) through += pending[complete++].pieces.length
    onPrepared?.(ready + complete, raws.length)
  })
  let at = 0
  const prepared: Prepared[] = read.map((d) => ('pieces' in d ? chunkRows(deps, tenantId, d, vectors.slice(at, (at += d.pieces.length))) : d))
  const changed = prepared.filter((d): d is Changed => d.changed)
  if (changed.length) {
    await deps.db.transaction(async (tx) => {
      for (const doc of changed) await storeDocument(tx, tenantId, doc)
      await bumpKnowledgeVersion(tx, tenantId)
    })
  }
  return prepared.map(resultOf)
}

/** Removes a document and its chunks; returns whether it existed. */
export async function deleteDocument(db: Db, tenantId: string, docId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.delete(chunks).where(and(eq(chunks.tenantId, tenantId), eq(chunks.docId, docId)))
    const gone = await tx
      .delete(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.id, docId)))
      .returning({ id: documents.id })
    if (gone.length > 0) await bumpKnowledgeVersion(tx, tenantId)
    return gone.length > 0
  })
}

/** Tells cached corpus statistics (src/knowledge/search-cache.ts) that the knowledge base changed. */
export const bumpKnowledgeVersion = (tx: Tx, tenantId: string) =>
  tx.update(tenants).set({ kbVersion: sql`${tenants.kbVersion} + 1` }).where(eq(tenants.id, tenantId))

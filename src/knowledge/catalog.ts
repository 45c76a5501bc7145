/** What a tenant's knowledge base holds: its documents in id order, and one document with its chunks. */
import { and, asc, count, eq, gt, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { chunks, documents } from '../db/schema/index.js'

export interface DocumentSummary {
  id: string
  title: string
  url: string | null
  lang: string
  format: string
  chunks: number
  updatedAt: Date
}

export interface ListOptions {
  lang?: string
  /** Keyset cursor: documents after this id. */
  afterId?: string
  limit: number
}

export async function listDocuments(db: Db, tenantId: string, opts: ListOptions): Promise<DocumentSummary[]> {
  const where: SQL[] = [eq(documents.tenantId, tenantId)]
  if (opts.lang) where.push(eq(documents.lang, opts.lang))
  if (opts.afterId !== undefined) where.push(gt(documents.id, opts.afterId))
  return db
    .select({ id: documents.id, title: documents.title, url: documents.url, lang: documents.lang, format: documents.format, chunks: count(chunks.id), updatedAt: documents.updatedAt })
    .from(documents)
    .leftJoin(chunks, and(eq(chunks.tenantId, documents.tenantId), eq(chunks.docId, documents.id)))
    .where(and(...where))
    .groupBy(documents.tenantId, documents.id)
    .orderBy(asc(documents.id))
    .limit(opts.limit)
    .then((rows) => rows.map((r) => ({ ...r, chunks: Number(r.chunks) })))
}

/** The document as stored (its text is the chunks, in order), or null. */
export async function getDocument(db: Db, tenantId: string, id: string) {
  const [doc] = await db
    .select({ id: documents.id, title: documents.title, url: documents.url, lang: documents.lang, format: documents.format, metadata: documents.metadata, contentHash: documents.contentHash, updatedAt: documents.updatedAt })
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.id, id)))
  if (!doc) return null
  const parts = await db
    .select({ id: chunks.id, ordinal: chunks.ordinal, text: chunks.text })
    .from(chunks)
    .where(and(eq(chunks.tenantId, tenantId), eq(chunks.docId, id)))
    .orderBy(asc(chunks.ordinal))
  return { ...doc, chunks: parts }
}

import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { DocumentInput } from '../../knowledge/document.js'
import { deleteDocument, ingestDocument } from '../../knowledge/ingest.js'
import { searchKnowledge } from '../../knowledge/search.js'
import { getDocument, listDocuments } from '../../knowledge/catalog.js'
import { notFound } from '../problem.js'
import { queryInt, readJson, readQuery } from '../validate.js'
import { requireRole } from '../middleware/auth/index.js'
import { auditRequest } from '../../privacy/audit-http.js'

const ListQuery = z
  .object({
    lang: z.enum(['en', 'zh']).optional(),
    after_id: z.string().min(1).max(200).optional(),
    limit: queryInt(1, 200, 50),
  })
  .strict()

const SearchQuery = z.object({
  q: z.string().trim().min(1).max(1000),
  k: queryInt(1, 50, 5),
})

export const kbRoutes = new Hono<AppEnv>()
  .use('/v1/kb/*', requireRole('ml'))
  .post('/v1/kb/documents', async (c) => {
    const deps = c.var.deps
    const doc = await readJson(c, DocumentInput)
    const result = await ingestDocument(
      { db: deps.db, embedder: deps.providers.embedder, chunking: { chunkSize: deps.config.CHUNK_SIZE, chunkOverlap: deps.config.CHUNK_OVERLAP } },
      c.var.tenantId,
      doc,
    )
    if (result.changed) await auditRequest(c, 'kb.document.upsert', { type: 'document', id: result.docId }, { chunks: result.chunks })
    return c.json({ doc_id: result.docId, chunks: result.chunks, changed: result.changed }, result.changed ? 201 : 200)
  })
  .get('/v1/kb/documents', async (c) => {
    const q = readQuery(c, ListQuery)
    const docs = await listDocuments(c.var.deps.db, c.var.tenantId, { lang: q.lang, afterId: q.after_id, limit: q.limit })
    return c.json({
      documents: docs.map((d) => ({ id: d.id, title: d.title, url: d.url, lang: d.lang, format: d.format, chunks: d.chunks, updated_at: d.updatedAt })),
      next_after_id: docs.length === q.limit ? docs[docs.length - 1].id : null,
    })
  })
  .get('/v1/kb/documents/:id', async (c) => {
    const id = c.req.param('id')
    const doc = await getDocument(c.var.deps.db, c.var.tenantId, id)
    if (!doc) throw notFound('Document', id)
    const { contentHash, updatedAt, ...rest } = doc
    return c.json({ ...rest, content_hash: contentHash, updated_at: updatedAt })
  })
  .delete('/v1/kb/documents/:id', async (c) => {
    const id = c.req.param('id')
    if (!(await deleteDocument(c.var.deps.db, c.var.tenantId, id))) throw notFound('Document', id)
    await auditRequest(c, 'kb.document.delete', { type: 'document', id })
    return c.body(null, 204)
  })
  .get('/v1/kb/search', async (c) => {
    const { q, k } = readQuery(c, SearchQuery)
    const hits = await searchKnowledge({ db: c.var.deps.db, embedder: c.var.deps.providers.embedder, searchCache: c.var.deps.searchCache }, c.var.tenantId, q, { k })
    return c.json({
      results: hits.map((h) => ({ chunk_id: h.chunkId, doc_id: h.docId, title: h.title, url: h.url, lang: h.lang, score: h.score, similarity: h.similarity, text: h.text })),
    })
  })

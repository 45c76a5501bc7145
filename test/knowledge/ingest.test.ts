/** Ingesting several documents at once: all of them, or none, on PGlite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTenant } from '../../src/auth/credentials.js'
import { chunks, documents, tenants } from '../../src/db/schema/index.js'
import { ingestDocuments } from '../../src/knowledge/ingest.js'
import { createLocalEmbedder } from '../../src/models/local/embedder.js'
import type { Embedder } from '../../src/models/types.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'

const doc = (id: string, text: string) => ({ id, title: `About ${id}`, text, format: 'text' as const })
const chunking = { chunkSize: 800, chunkOverlap: 100 }

/** The local embedder, failing from its `failAt`-th call on (as a provider going down halfway). */
function flakyEmbedder(failAt: number): Embedder {
  const inner = createLocalEmbedder({ dim: 512 })
  let calls = 0
  return { dim: inner.dim, id: inner.id, embed: (texts) => (++calls >= failAt ? Promise.reject(new Error('embedding provider unavailable')) : inner.embed(texts)) }
}

describe.each(DRIVERS)('ingestDocuments on %s', (driver) => {
  let database: TestDatabase
  const state = async () => ({
    docs: (await database.db.select({ id: documents.id, title: documents.title }).from(documents).where(eq(documents.tenantId, 'acme'))).map((d) => `${d.id}: ${d.title}`).sort(),
    chunks: await database.db.$count(chunks, eq(chunks.tenantId, 'acme')),
    version: (await database.db.select({ v: tenants.kbVersion }).from(tenants).where(eq(tenants.id, 'acme')))[0].v,
  })

  beforeAll(async () => {
    database = await openTestDatabase(driver)
    await createTenant(database.db, 'acme')
  })
  afterAll(() => database?.dispose())

  it('stores every document in one change of the knowledge base, and skips unchanged ones after', async () => {
    const before = await state()
    const embedder = createLocalEmbedder({ dim: 512 })
    const first = await ingestDocuments({ db: database.db, embedder, chunking }, 'acme', [doc('returns', 'Return within 30 days.'), doc('shipping', 'We ship in 2 days.')])
    expect(first.map((r) => [r.docId, r.changed])).toEqual([['returns', true], ['shipping', true]])
    const after = await state()
    expect(after.docs).toEqual(['returns: About returns', 'shipping: About shipping'])
    expect(after.version).toBe(before.version + 1)
    const again = await ingestDocuments({ db: database.db, embedder, chunking }, 'acme', [doc('returns', 'Return within 30 days.'), doc('shipping', 'We ship in 2 days.')])
    expect(again.every((r) => !r.changed)).toBe(true)
    expect((await state()).version).toBe(after.version)
  })

  it('stores new metadata or format of an unchanged text without embedding it again', async () => {
    const embedder = createLocalEmbedder({ dim: 512 })
    let embedCalls = 0
    const counting: Embedder = { ...embedder, embed: (texts) => (embedCalls++, embedder.embed(texts)) }
    const deps = { db: database.db, embedder: counting, chunking }
    const record = async () => (await database.db.select({ format: documents.format, metadata: documents.metadata }).from(documents).where(eq(documents.id, 'faq')))[0]
    await ingestDocuments(deps, 'acme', [{ ...doc('faq', 'Plain words about returns.'), metadata: { owner: 'kb', v: 1 } }])
    const chunkIds = async () => (await database.db.select({ id: chunks.id }).from(chunks).where(eq(chunks.docId, 'faq'))).map((c) => c.id)
    const storedChunks = await chunkIds()
    embedCalls = 0

    // jsonb reorders keys: the same metadata in another order is no change.
    const same = await ingestDocuments(deps, 'acme', [{ ...doc('faq', 'Plain words about returns.'), metadata: { v: 1, owner: 'kb' } }])
    expect(same[0].changed).toBe(false)
    const [updated] = await ingestDocuments(deps, 'acme', [{ ...doc('faq', 'Plain words about returns.'), format: 'markdown', metadata: { owner: 'kb', v: 2 } }])
    expect(updated).toEqual({ docId: 'faq', chunks: storedChunks.length, changed: true })
    expect(await record()).toEqual({ format: 'markdown', metadata: { owner: 'kb', v: 2 } })
    expect(await chunkIds()).toEqual(storedChunks)
    expect(embedCalls).toBe(0)
  })

  it('decodes an HTML document’s title as its text, since customers see it in citations', async () => {
    const deps = { db: database.db, embedder: createLocalEmbedder({ dim: 512 }), chunking }
    await ingestDocuments(deps, 'acme', [{ id: 'care', title: 'Warranty &amp; care &ndash; lamps', text: '<p>Lamps have a 2&ndash;year warranty.</p>', format: 'html' }])
    const [stored] = await database.db.select({ title: documents.title }).from(documents).where(eq(documents.id, 'care'))
    expect(stored.title).toBe('Warranty & care – lamps')
    const [chunk] = await database.db.select({ text: chunks.text }).from(chunks).where(eq(chunks.docId, 'care'))
    expect(chunk.text).toBe('Lamps have a 2–year warranty.')
  })

  // Long enough to need several embedding calls (they take up to 256 chunks each).
  const long = (topic: string) => Array.from({ length: 400 }, (_, i) => `Line ${i} of the ${topic} policy: this sentence is here to fill a chunk.`).join('\n')
  const small = { chunkSize: 200, chunkOverlap: 0 }

  it('stores nothing when the provider fails halfway: no new document, no replaced one', async () => {
    const before = await state()
    const batch = [{ ...doc('returns', long('returns')), title: 'Returns, new' }, doc('warranty', long('warranty')), doc('invoices', long('invoice'))]
    const embedder = flakyEmbedder(2)
    await expect(ingestDocuments({ db: database.db, embedder, chunking: small }, 'acme', batch)).rejects.toThrow('embedding provider unavailable')
    expect(await state()).toEqual(before)
  })

  it('embeds the chunks of many documents together, in a few calls rather than one per document', async () => {
    const inner = createLocalEmbedder({ dim: 512 })
    const calls: number[] = []
    const counting: Embedder = { ...inner, embed: (texts) => (calls.push(texts.length), inner.embed(texts)) }
    const docs = Array.from({ length: 40 }, (_, i) => doc(`faq-${i}`, `Question ${i}: the answer is ${i} days.`))
    const progress: number[] = []
    await ingestDocuments({ db: database.db, embedder: counting, chunking }, 'acme', docs, (done) => progress.push(done))
    expect(calls).toEqual([40])
    expect(progress.at(-1)).toBe(40)
  })
})

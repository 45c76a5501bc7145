import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { queryRows } from '../../src/db/client.js'
import { chunks, tenants } from '../../src/db/schema/index.js'
import { ANALYZER, chunkSearchText, ingestDocument } from '../../src/knowledge/ingest.js'
import { refreshIndex } from '../../src/knowledge/refresh.js'
import { searchKnowledge } from '../../src/knowledge/search.js'
import { createLocalEmbedder } from '../../src/models/local/embedder.js'
import type { Embedder } from '../../src/models/types.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'

const embedder = createLocalEmbedder({ dim: 512 })
const chunking = { chunkSize: 400, chunkOverlap: 40 }
const DOCS = [
  { id: 'devices', title: 'Supported devices', text: 'Our app works with phones and tablets. Older devices may need an update.' },
  { id: 'returns', title: 'Returning an item', text: 'You can return any item within 30 days of delivery.' },
]

/** Counts the texts it embeds, so a test can tell which chunks were embedded again. */
const counting = (inner: Embedder) => {
  const seen: string[] = []
  return { seen, embedder: { dim: inner.dim, id: inner.id, embed: (texts: string[]) => (seen.push(...texts), inner.embed(texts)) } }
}

describe.each(DRIVERS)('refreshing the knowledge index on %s', (driver) => {
  let database: TestDatabase
  const kbVersion = async () => (await database.db.select({ v: tenants.kbVersion }).from(tenants).where(eq(tenants.id, 'r1')))[0]?.v ?? 0

  beforeAll(async () => {
    database = await openTestDatabase(driver)
    await database.db.insert(tenants).values({ id: 'r1', name: 'r1' }).onConflictDoNothing()
    for (const doc of DOCS) await ingestDocument({ db: database.db, embedder, chunking }, 'r1', { ...doc, format: 'text' })
  })
  afterAll(async () => database?.dispose())

  it('leaves an up-to-date index alone', async () => {
    expect(await refreshIndex({ db: database.db, embedder })).toEqual({ chunks: 0, reembedded: 0, tenants: 0 })
  })

  it('rewrites what an older analyzer indexed, so the chunk is found again, without embedding it again', async () => {
    // As the analyzer before the stemmer's plural fix left it: "phones" kept whole, where a query's "phone" is now "phon".
    await database.db.update(chunks).set({ searchText: 'support devices our app work with phones and tablet older devices may need an updat', analyzer: 'index-terms-v2' }).where(eq(chunks.docId, 'devices'))
    const lexical = async () => (await searchKnowledge({ db: database.db, embedder }, 'r1', 'phone', { k: 2 })).find((h) => h.docId === 'devices')?.textRank ?? 0
    expect(await lexical()).toBe(0)
    const before = await kbVersion()
    const spy = counting(embedder)
    expect(await refreshIndex({ db: database.db, embedder: spy.embedder }, { batchSize: 1 })).toEqual({ chunks: 1, reembedded: 0, tenants: 1 })
    expect(spy.seen).toEqual([])
    const [row] = await database.db.select().from(chunks).where(eq(chunks.docId, 'devices'))
    expect(row.analyzer).toBe(ANALYZER)
    expect(row.searchText).toBe(chunkSearchText('Supported devices', row.text))
    expect(await kbVersion()).toBeGreaterThan(before) // cached corpus statistics are dropped
    expect(await lexical()).toBeGreaterThan(0)
  })

  it('embeds again the chunks another embedder wrote, and only those', async () => {
    await database.db.execute(sql`UPDATE chunks SET embedder_id = 'local-hash-v1-512', embedding = ${JSON.stringify(Array.from({ length: 512 }, (_, i) => (i === 0 ? 1 : 0)))}::vector WHERE doc_id = 'returns'`)
    const spy = counting(embedder)
    const result = await refreshIndex({ db: database.db, embedder: spy.embedder })
    expect(result).toEqual({ chunks: 1, reembedded: 1, tenants: 1 })
    expect(spy.seen).toEqual(['Returning an item\nYou can return any item within 30 days of delivery.'])
    const [row] = await queryRows<{ embedder_id: string; first: number }>(database.db, sql`SELECT embedder_id, (embedding::real[])[1] AS first FROM chunks WHERE doc_id = 'returns'`)
    expect(row.embedder_id).toBe(embedder.id)
    expect(Number(row.first)).not.toBe(1)
    expect(await refreshIndex({ db: database.db, embedder })).toEqual({ chunks: 0, reembedded: 0, tenants: 0 })
  })
})

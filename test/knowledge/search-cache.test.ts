import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTenant } from '../../src/auth/credentials.js'
import { createCorpusStatsCache, createSearchCache, type SearchCache } from '../../src/knowledge/search-cache.js'
import { deleteDocument, ingestDocument } from '../../src/knowledge/ingest.js'
import { searchKnowledge } from '../../src/knowledge/search.js'
import { createLocalEmbedder } from '../../src/models/local/embedder.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'

const embedder = createLocalEmbedder({ dim: 512 })
const chunking = { chunkSize: 400, chunkOverlap: 40 }
const TENANT = 'stats-tenant'
const QUERY = 'warranty claim for a broken lamp'

describe.each(DRIVERS)('the search cache on %s', (driver) => {
  let database: TestDatabase
  const ingest = (id: string, text: string) => ingestDocument({ db: database.db, embedder, chunking }, TENANT, { id, title: id, text, format: 'text' })
  /** What BM25 sees with the cache, next to counting everything afresh. */
  const ranks = async (cache: SearchCache) => {
    const cached = await searchKnowledge({ db: database.db, embedder, searchCache: cache }, TENANT, QUERY, { k: 10 })
    const fresh = await searchKnowledge({ db: database.db, embedder }, TENANT, QUERY, { k: 10 })
    const view = (hits: typeof cached) => hits.map((h) => [h.docId, h.text, h.textRank, h.similarity])
    return { cached: view(cached), fresh: view(fresh) }
  }

  beforeAll(async () => {
    database = await openTestDatabase(driver)
    await createTenant(database.db, TENANT)
    await ingest('warranty', 'A warranty claim needs the order number and a photo of the broken lamp.')
    await ingest('shipping', 'Standard shipping takes 3 to 5 business days.')
  })
  afterAll(async () => database?.dispose())

  it('remembers chunks and statistics per tenant and version, and ranks exactly as reading everything afresh', async () => {
    const cache = createSearchCache()
    const first = await ranks(cache)
    expect(first.cached).toEqual(first.fresh)
    const known = cache.stats.get(TENANT)!
    expect(known.stats.df.get('warranty')).toBe(1)
    expect(known.stats.chunks).toBe(2)
    const [hit] = await searchKnowledge({ db: database.db, embedder, searchCache: cache }, TENANT, QUERY, { k: 1 })
    expect(cache.chunks.get(hit.chunkId)?.text).toBe(hit.text)
    expect((await ranks(cache)).cached).toEqual(first.fresh)
  })

  it('notices every ingest and delete, also when another process made it (the version moves in the same transaction)', async () => {
    const cache = createSearchCache()
    await ranks(cache)
    const before = cache.stats.get(TENANT)!.version
    // The cache is not told: only the version in the database says the corpus changed.
    await ingest('lamp-care', 'Lamps under warranty are replaced; a warranty claim takes two days. Claim online.')
    const afterIngest = await ranks(cache)
    expect(afterIngest.cached).toEqual(afterIngest.fresh)
    expect(cache.stats.get(TENANT)!.version).toBeGreaterThan(before)
    expect(cache.stats.get(TENANT)!.stats.df.get('warranty')).toBe(2)

    expect(await deleteDocument(database.db, TENANT, 'warranty')).toBe(true)
    const afterDelete = await ranks(cache)
    expect(afterDelete.cached).toEqual(afterDelete.fresh)
    expect(cache.stats.get(TENANT)!.stats.df.get('warranty')).toBe(1)
    expect(cache.stats.get(TENANT)!.stats.chunks).toBe(2)
  })

  it('stays bounded: a tenant past the term limit starts afresh', () => {
    const cache = createCorpusStatsCache({ maxTerms: 3 })
    cache.add('t', 1, 10, new Map([['a', 1], ['b', 2]]))
    cache.add('t', 1, 10, new Map([['c', 3]]))
    expect(cache.get('t')!.stats.df.size).toBe(3)
    cache.add('t', 1, 10, new Map([['d', 4]]))
    expect([...cache.get('t')!.stats.df.keys()]).toEqual(['d'])
  })
})

/**
 * What hybrid search remembers between queries, so that a query's round trip carries little more
 * than chunk ids and similarities.
 *
 * Chunks: a chunk never changes (re-ingesting a document gives its chunks new ids, deleting it
 * means its ids are never returned again), so its text and analyzed terms are kept by id.
 *
 * Corpus statistics: BM25 needs corpus statistics (the tenant's chunk count and, per query term, how many chunks
 * contain it). Counting them costs more than the search itself, yet they only change when the
 * knowledge base does. So they are remembered per tenant and knowledge-base version
 * (`tenants.kb_version`, bumped by every ingest and delete in the same transaction): the search
 * query reads the version along with its candidates and only counts terms it has not seen.
 */
import type { ChunkRecord, TermStats } from './search.js'

export interface CorpusStatsCache {
  /** What is known for the tenant: its version and statistics, or null. */
  get(tenantId: string): { version: number; stats: TermStats } | null
  /** Adds counts read at `version`; counts of an older version are dropped first. */
  add(tenantId: string, version: number, chunks: number, df: Map<string, number>): void
}

/** Bounded: a tenant whose vocabulary outgrows `maxTerms` starts afresh, as do tenants past `maxTenants`. */
export function createCorpusStatsCache(opts: { maxTerms?: number; maxTenants?: number } = {}): CorpusStatsCache {
  const maxTerms = opts.maxTerms ?? 50_000
  const maxTenants = opts.maxTenants ?? 1_000
  const tenants = new Map<string, { version: number; stats: TermStats }>()
  return {
    get: (tenantId) => tenants.get(tenantId) ?? null,
    add(tenantId, version, chunks, df) {
      let entry = tenants.get(tenantId)
      if (!entry || entry.version !== version || entry.stats.df.size + df.size > maxTerms) {
        if (!entry && tenants.size >= maxTenants) tenants.clear()
        entry = { version, stats: { chunks, df: new Map() } }
        tenants.set(tenantId, entry)
      }
      for (const [term, n] of df) entry.stats.df.set(term, n)
    },
  }
}

export interface ChunkCache {
  get(id: string): ChunkRecord | undefined
  set(record: ChunkRecord): void
}

/** Bounded; the oldest chunk is forgotten first. */
export function createChunkCache(max = 5_000): ChunkCache {
  const chunks = new Map<string, ChunkRecord>()
  return {
    get: (id) => chunks.get(id),
    set(record) {
      if (chunks.size >= max) chunks.delete(chunks.keys().next().value!)
      chunks.set(record.id, record)
    },
  }
}

export interface SearchCache {
  stats: CorpusStatsCache
  chunks: ChunkCache
}

export const createSearchCache = (): SearchCache => ({ stats: createCorpusStatsCache(), chunks: createChunkCache() })

import type { Db } from '../../db/client.js'
import { createCorpusStatsCache, type SearchCache } from '../../knowledge/search-cache.js'
import { countTerms } from '../../knowledge/search.js'
import { stem } from '../../text/stem.js'
import { correctText, type Speller } from '../../text/spelling.js'

/**
 * Before the models read the message: likely typos spelled out (src/text/spelling.ts) towards
 * words the tenant's knowledge base or intents file use. The customer's own words are what is
 * checked and stored. The database is asked only when a word looks misspelt: for how many chunks
 * hold the word's search term and each candidate's.
 */
export async function spellOut(deps: { db: Db; speller?: Speller; searchCache?: SearchCache }, tenantId: string, text: string): Promise<Spelled> {
  const suspects = deps.speller?.suspects(text) ?? []
  if (!suspects.length) return { text, corrected: 0 }
  const terms = [...new Set(suspects.flatMap((s) => [s.word, ...s.candidates].map(stem)))]
  const stats = await countTerms(deps.db, tenantId, terms, deps.searchCache?.stats ?? createCorpusStatsCache())
  const used = (term: string) => (stats.df.get(term) ?? 0) > 0 || deps.speller!.inDomain(term)
  // A word the tenant's own texts use ("cart", "zigbee") is no typo, however rare elsewhere.
  return correctText(text, suspects.filter((s) => !used(stem(s.word))), used)
}

export interface Spelled {
  text: string
  /** How many distinct words were replaced. */
  corrected: number
}

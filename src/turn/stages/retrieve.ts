import { searchWithCoverage, type SearchDeps, type SearchHit } from '../../knowledge/search.js'
import type { IntentClassifier, IntentPrediction } from '../../models/types.js'
import type { ComplianceChecks } from '../deps.js'
import { rerankByIntent } from './intent-agreement.js'

export interface RetrievalStage {
  hits: SearchHit[]
  /** Chunks dropped because they carry instructions aimed at the model (indirect injection). */
  dropped: Array<{ chunkId: string; ruleIds: string[] }>
  /**
   * How close the knowledge base comes: the best clean search hit's (kept or not) cosine similarity plus its lexical
   * match, or 0. Cosine alone runs low for a short Chinese question against a long passage (快递丢了: 0.09) although
   * its words are all there; with the lexical share a question the help center answers stands apart from one it does not.
   */
  closeness: number
  /** Rarity-weighted share of the question's English words found anywhere in the knowledge base (see termCoverage). */
  termCoverage: number
}

export interface IntentRerank {
  question: IntentPrediction
  classifier: IntentClassifier
  weight: number
  /** How many search hits to choose the k passages from. */
  pool: number
}

/**
 * Stage 4: hybrid search over the tenant's knowledge base, minus poisoned passages, optionally
 * re-ranked by agreement with the question's intent. The k passages kept are the best clean ones,
 * so a poisoned passage does not cost the answer a source.
 */
export async function retrieve(
  deps: SearchDeps & { compliance: ComplianceChecks },
  tenantId: string,
  query: { text: string; lang: string },
  k: number,
  rerank?: IntentRerank,
): Promise<RetrievalStage> {
  // Intent agreement picks the k passages from a larger pool of search hits, when it re-ranks.
  const { hits: searched, termCoverage } = await searchWithCoverage(deps, tenantId, query.text, { k: rerank ? Math.max(k, rerank.pool) : k, lang: query.lang })
  const found = rerank ? await rerankByIntent(searched, rerank.question, rerank.classifier, rerank.weight) : searched
  const hits: SearchHit[] = []
  const dropped: RetrievalStage['dropped'] = []
  for (const hit of found) {
    if (hits.length === k) break
    const decisions = deps.compliance.checkPassage(hit.text).filter((d) => d.action === 'block')
    if (decisions.length) dropped.push({ chunkId: hit.chunkId, ruleIds: decisions.map((d) => d.ruleId) })
    else hits.push(hit)
  }
  // Closeness is judged on every clean hit, not only the kept ones: preferring passages in the
  // question's language must not make the knowledge base look further away than it is.
  const poisoned = new Set(dropped.map((d) => d.chunkId))
  const closeness = found.reduce((m, h) => (poisoned.has(h.chunkId) ? m : Math.max(m, h.similarity + h.textRank)), 0)
  return { hits, dropped, closeness, termCoverage }
}

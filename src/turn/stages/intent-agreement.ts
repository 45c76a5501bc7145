import type { SearchHit } from '../../knowledge/search.js'
import type { IntentClassifier, IntentPrediction } from '../../models/types.js'
import { truncate } from '../../text/truncate.js'

/**
 * Re-ranks retrieved passages by how well what they are about agrees with what the customer asked,
 * both read by the intent classifier trained on the intents file. The classifier learned many
 * phrasings of each intent, so it bridges paraphrases ("swap" / "exchange") that word overlap
 * misses. Its weight scales with the question's intent confidence: an out-of-scope question
 * (or an intents file about another domain) leaves the search order as it was.
 */
export async function rerankByIntent(
  hits: SearchHit[],
  question: IntentPrediction,
  classifier: IntentClassifier,
  weight: number,
): Promise<SearchHit[]> {
  if (hits.length < 2 || weight <= 0) return hits
  const asked = new Map(question.ranking.map((r) => [r.name, r.score]))
  const best = hits[0].score || 1
  const scored = await Promise.all(
    hits.map(async (hit, rank) => {
      // The title says what a passage is about; its opening sentences back that up.
      const about = await classifier.classify(`${hit.title}. ${truncate(hit.text, 240)}`)
      const agreement = about.ranking.reduce((sum, r) => sum + r.score * (asked.get(r.name) ?? 0), 0)
      return { hit, rank, value: hit.score / best + weight * question.confidence * agreement }
    }),
  )
  return scored.sort((a, b) => b.value - a.value || a.rank - b.rank).map((s) => s.hit)
}

import type { IntentClassifier, IntentPrediction } from './types.js'

/**
 * A classifier that remembers what it said about texts it has seen. Meant for knowledge-base
 * passages: the same few hundred come back turn after turn and their topic does not change.
 * Bounded; the oldest answer is forgotten first.
 * A caller's abort signal is not passed on: the one call in flight for a text is shared by every
 * turn that asks about it, and one turn giving up must not fail the others. The caller that gave up
 * stops waiting by its own deadline (withRetries races the call).
 */
export function rememberingClassifier(classifier: IntentClassifier, max = 4096): IntentClassifier {
  const known = new Map<string, Promise<IntentPrediction>>()
  return {
    intents: classifier.intents,
    classify(text, lang) {
      const key = `${lang ?? ''}\u0000${text}`
      let prediction = known.get(key)
      if (!prediction) {
        prediction = classifier.classify(text, lang)
        // A failed call is not remembered: the next turn asks again.
        prediction.catch(() => known.delete(key))
        if (known.size >= max) known.delete(known.keys().next().value!)
        known.set(key, prediction)
      }
      return prediction
    },
  }
}

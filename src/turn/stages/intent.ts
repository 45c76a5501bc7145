import type { IntentRoute } from '../../intents/parse.js'
import type { IntentPrediction, Lang } from '../../models/types.js'
import type { IntentModel } from '../deps.js'

export interface IntentStage extends IntentPrediction {
  /** What the routes file says to do with this intent; `answer` when it says nothing. */
  route: IntentRoute
  /** True when the intent was read from the message together with the one it follows up on. */
  inContext: boolean
}

/**
 * Stage 3: what the customer wants, from the classifier trained on the intents file. A follow-up
 * the classifier is unsure of alone is also read with the message it carries on from, and the
 * more confident reading wins.
 */
export async function detectIntent(model: IntentModel, text: string, lang: Lang, followUp?: { query: string | null; unsureBelow: number }): Promise<IntentStage> {
  const alone = await model.classifier.classify(text, lang)
  const inContext = followUp?.query && alone.confidence < followUp.unsureBelow ? await model.classifier.classify(followUp.query, lang) : null
  const prediction = inContext && inContext.confidence > alone.confidence ? inContext : alone
  return { ...prediction, route: model.routes[prediction.name] ?? 'answer', inContext: prediction === inContext }
}

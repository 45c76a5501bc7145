import type { IntentRoute } from '../../intents/parse.js'
import type { IntentPrediction, Lang } from '../../models/types.js'
import type { IntentModel } from '../deps.js'

export interface IntentStage extends IntentPrediction {
  /** What the routes file says to do with this intent; `answer` when it says nothing. */
  route: IntentRoute
}

/** Stage 3: what the customer wants, from the classifier trained on the intents file. */
export async function detectIntent(model: IntentModel, text: string, lang: Lang): Promise<IntentStage> {
  const prediction = await model.classifier.classify(text, lang)
  return { ...prediction, route: model.routes[prediction.name] ?? 'answer' }
}

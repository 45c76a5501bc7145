/**
 * Prints every dataset figure of the local provider (not part of `npm test`: needs the datasets).
 * Run: npx tsx src/models/local/measure.ts   (datasets: ../shared/datasets or $PARLEY_DATASETS)
 */
import { measureIntents } from './measure-intent.js'
import { measureRetrieval } from './measure-retrieval.js'
import { measureSentiment } from './measure-sentiment.js'

for (const section of [measureIntents, measureSentiment, measureRetrieval]) {
  for (const line of await section()) console.log(line)
}

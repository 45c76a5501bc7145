import type { IntentRoute } from '../../intents/parse.js'
import type { IntentPrediction, Lang } from '../../models/types.js'
import { asksSomething } from '../../text/questions.js'
import { splitSentences } from '../../text/sentences.js'
import { searchTerms } from '../../text/tokenize.js'
import type { IntentModel } from '../deps.js'

export interface IntentStage extends IntentPrediction {
  /** What the routes file says to do with this intent; `answer` when it says nothing. */
  route: IntentRoute
  /** True when the intent was read from the message together with the one it follows up on. */
  inContext: boolean
}

export interface IntentOptions {
  /** The message read with the one it follows up on (follow-up.ts), or null. */
  query: string | null
  /** Below this confidence the classifier is unsure. */
  unsureBelow: number
  /** A sentence with at least this many search terms of its own can be a request in its own right. */
  askMinTerms: number
  /** How sure the classifier must be that such a sentence, asking something, is small talk. */
  sureSmalltalkQuestion: number
}

/**
 * Stage 3: what the customer wants, from the classifier trained on the intents file. A follow-up
 * is also read with the message it carries on from, and the more confident reading wins: "and how
 * long does it take?" after a question about shipping to Canada is about that shipping, while
 * "what about returns?" read alone is surer than read with it. Small talk wraps many requests ("Hi there. I need help with a
 * foreclosure."): the message is small talk only when none of its sentences asks for more.
 */
export async function detectIntent(model: IntentModel, text: string, lang: Lang, options?: IntentOptions): Promise<IntentStage> {
  const alone = await model.classifier.classify(text, lang)
  const inContext = options?.query ? await model.classifier.classify(options.query, lang) : null
  const prediction = inContext && inContext.confidence > alone.confidence ? inContext : alone
  const stage: IntentStage = { ...prediction, route: routeOf(model, prediction), inContext: prediction === inContext }
  if (!options) return stage
  if (isSmalltalk(model, stage, options.unsureBelow)) {
    const request = await requestBeyondSmalltalk(model, text, lang, options)
    if (request) return request
  }
  // "How are you?" or "在吗" ask with few words; a question with words of its own ("What's a good
  // recipe for banana bread?") read as a greeting by a wavering classifier is a request it does not
  // know: its best reading that is not small talk, however unsure, so the out-of-scope checks apply.
  if (stage.route === 'smalltalk' && stage.confidence < options.sureSmalltalkQuestion && asksSomething(text) && new Set(searchTerms(text)).size >= options.askMinTerms) {
    const other = stage.ranking.find((r) => routeOf(model, r) !== 'smalltalk')
    return { ...stage, name: other?.name ?? stage.name, confidence: other?.score ?? 0, route: other ? routeOf(model, other) : 'answer', inContext: false }
  }
  return stage
}

/** An acknowledgement opening a message ("ok tell me the requirements?"): small talk of its own. */
const INTERJECTION = /^\s*(ok(ay)?|alright|all right|yes|yeah|yep|no|nope|sure|well|hmm+|thanks|thank you|great|cool|好的|嗯+|哦+|行|是的|谢谢)[\s,，.。!！]+(?=\S)/i
const splitInterjection = (sentence: string): string[] => {
  const m = INTERJECTION.exec(sentence)
  return m ? [m[0].trim(), sentence.slice(m[0].length)] : [sentence]
}
const routeOf = (model: IntentModel, p: { name: string }): IntentRoute => model.routes[p.name] ?? 'answer'
const isSmalltalk = (model: IntentModel, p: IntentPrediction, unsureBelow: number) => routeOf(model, p) === 'smalltalk' && p.confidence >= unsureBelow

/**
 * The sentences of a message that are not small talk, read as one request; null when there are
 * none. A sentence is small talk when the classifier says so confidently; otherwise it counts as a
 * request only when it has enough words of its own ("Great." or "Bye!" do not).
 */
async function requestBeyondSmalltalk(model: IntentModel, text: string, lang: Lang, options: IntentOptions): Promise<IntentStage | null> {
  const sentences = splitSentences(text).flatMap(splitInterjection)
  if (sentences.length < 2) return null
  const requests: string[] = []
  for (const sentence of sentences) {
    if (isSmalltalk(model, await model.classifier.classify(sentence, lang), options.unsureBelow)) continue
    // A question needs fewer words of its own to ask for more than small talk does.
    const needs = asksSomething(sentence) ? 1 : options.askMinTerms
    if (new Set(searchTerms(sentence)).size >= needs) requests.push(sentence.trim())
  }
  if (!requests.length) return null
  const request = await model.classifier.classify(requests.join(' '), lang)
  // Read alone, the request may still be small talk; an unsure reading is not, whatever it names.
  return isSmalltalk(model, request, options.unsureBelow) ? null : { ...request, route: routeOf(model, request), inContext: false }
}

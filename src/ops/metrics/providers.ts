/** Wraps model providers so every call is counted and timed, and failures counted by kind. */
import type { IntentModel } from '../../turn/deps.js'
import type { HandoffSummarizer, IntentClassifier, Providers } from '../../models/types.js'
import { rememberingClassifier } from '../../models/remembering-classifier.js'
import type { ParleyMetrics } from './parley.js'

/** A failure's kind (ProviderError's, or timeout/error), never its message. */
export function errorKind(error: unknown): string {
  const kind = (error as { kind?: unknown })?.kind
  return typeof kind === 'string' ? kind : error instanceof Error && error.name === 'AbortError' ? 'timeout' : 'error'
}

function meter(metrics: ParleyMetrics, provider: string) {
  return async <T>(call: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    metrics.providerCalls.inc({ provider, call })
    try {
      return await fn()
    } catch (error) {
      metrics.providerErrors.inc({ provider, call, kind: errorKind(error) })
      throw error
    } finally {
      metrics.providerDuration.observe({ provider, call }, (performance.now() - started) / 1000)
    }
  }
}

export function instrumentProviders(p: Providers, metrics: ParleyMetrics): Providers {
  const timed = meter(metrics, p.name)
  const { embedder, answerer, sentiment } = p
  return {
    ...p,
    embedder: { dim: embedder.dim, id: embedder.id, embed: (texts, opts) => timed('embed', () => embedder.embed(texts, opts)) },
    sentiment: { analyze: (text, lang, opts) => timed('sentiment', () => sentiment.analyze(text, lang, opts)) },
    answerer: {
      answer: (req, opts) => timed('answer', () => answerer.answer(req, opts)),
      ...(answerer.stream ? { stream: (req, onText, opts) => timed('answer_stream', () => answerer.stream!(req, onText, opts)) } : {}),
    },
  }
}

export function instrumentIntents(model: IntentModel, provider: string, metrics: ParleyMetrics): IntentModel {
  const timed = meter(metrics, provider)
  const classifier = model.classifier
  const counted: IntentClassifier = { intents: classifier.intents, classify: (text, lang, opts) => timed('intent', () => classifier.classify(text, lang, opts)) }
  // Passage topics are remembered in front of the counter, so only real model calls are counted.
  return { ...model, classifier: counted, ...(model.passages ? { passages: rememberingClassifier(counted) } : {}) }
}

export function instrumentSummarizer(summarizer: HandoffSummarizer, provider: string, metrics: ParleyMetrics): HandoffSummarizer {
  const timed = meter(metrics, provider)
  return { summarize: (input, opts) => timed('handoff_summary', () => summarizer.summarize(input, opts)) }
}

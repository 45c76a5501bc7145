/**
 * Model calls inside a turn's time budget. Every provider call gets a deadline (a share of
 * TURN_BUDGET_MS) that cancels its request when it passes; transient provider errors (timeout,
 * 5xx, 429, malformed output) are retried with jittered exponential backoff while time remains,
 * and a call that still fails falls back to the local models: sentiment and intent to the local
 * classifiers, the answer to the local extractive answerer over the same passages. Embeddings have
 * no fallback (the stored vectors live in the provider's space); the turn treats a failed embedding
 * as "nothing retrieved".
 * Which stages degraded is recorded so the turn can decide to hand off with `provider_failure`.
 */
import { z } from 'zod'
import { ProviderError } from '../models/openai/errors.js'
import { createExtractiveAnswerer, createLocalSentiment, trainLocalIntents } from '../models/local/index.js'
import type { Answerer, Embedder, IntentPrediction, Providers, SentimentAnalyzer } from '../models/types.js'
import type { IntentModel } from './deps.js'

export const ResilienceSettings = {
  /** Wall-clock budget of one turn; provider calls are cut off so the turn fits in it. */
  TURN_BUDGET_MS: z.coerce.number().int().min(200).max(120_000).default(3000),
  /** Retries of a transient provider failure within a turn (the only retries of chat calls; embeddings also have the SDK's PROVIDER_MAX_RETRIES). */
  TURN_PROVIDER_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  TURN_RETRY_BASE_MS: z.coerce.number().int().min(1).max(10_000).default(100),
}

export interface FallbackModels {
  sentiment: SentimentAnalyzer
  /** The local intent model, or null while it is still being trained in the background. */
  intents(): IntentModel | null
  answerer: Answerer
}

/** What the intent fallback says before the local intent model is ready: nobody knows. */
const UNKNOWN_INTENT: IntentPrediction = { name: 'unknown', confidence: 0, ranking: [] }

export interface TurnResilience {
  budgetMs: number
  retries: number
  retryBaseMs: number
  /** Null: failures of sentiment and intent propagate (the answer still hands off). */
  fallback: FallbackModels | null
  now?: () => number
}

export const DEFAULT_RESILIENCE: TurnResilience = { budgetMs: 3000, retries: 2, retryBaseMs: 100, fallback: null }

export type GuardedStage = 'sentiment' | 'intent' | 'embedding' | 'answer'

/** Latest moment, as a share of the budget, by which each stage must be done. */
const STAGE_SHARE: Record<GuardedStage, number> = { sentiment: 0.35, intent: 0.35, embedding: 0.5, answer: 1 }
/** Kept back from the last stage for the fallback, the output check and the write. */
const RESERVE_MS = 150
/** An attempt with less time than this left is not worth starting. */
const MIN_ATTEMPT_MS = 50

const RETRYABLE = new Set(['timeout', 'server', 'rate_limit', 'malformed'])
const isRetryable = (e: unknown) => e instanceof ProviderError && RETRYABLE.has(e.kind)

export interface GuardedModels {
  sentiment: SentimentAnalyzer
  intents: IntentModel
  embedder: Embedder
  answerer: Answerer
  /** Stages whose provider failed (whether or not a fallback then answered). */
  degraded: Set<GuardedStage>
}

/**
 * Wraps a turn's models with the budget that starts now. Use one per turn.
 * `primary.intents` is the trained model in deps (its classifier may be remote).
 */
export function guardModels(
  primary: { providers: Providers; intents: IntentModel; onProviderFallback?: (event: { stage: string; error: unknown }) => void },
  r: TurnResilience,
): GuardedModels {
  const now = r.now ?? (() => performance.now())
  const start = now()
  const end = start + r.budgetMs
  const degraded = new Set<GuardedStage>()
  const until = (stage: GuardedStage) => Math.min(start + r.budgetMs * STAGE_SHARE[stage], end - RESERVE_MS)

  async function guarded<T>(stage: GuardedStage, call: (signal: AbortSignal) => Promise<T>, fallback: (() => Promise<T>) | null): Promise<T> {
    try {
      return await withRetries(call, { until: until(stage), retries: r.retries, baseMs: r.retryBaseMs, now, what: stage })
    } catch (error) {
      degraded.add(stage)
      try {
        primary.onProviderFallback?.({ stage, error })
      } catch {
        // Observability must never fail a turn.
      }
      if (!fallback) throw error
      return fallback()
    }
  }

  const fb = r.fallback
  const { embedder, answerer, sentiment } = primary.providers
  const classifier = primary.intents.classifier
  return {
    degraded,
    sentiment: {
      analyze: (text, lang) => guarded('sentiment', (signal) => sentiment.analyze(text, lang, { signal }), fb && (() => fb.sentiment.analyze(text, lang))),
    },
    intents: {
      routes: primary.intents.routes,
      classifier: {
        intents: classifier.intents,
        classify: (text, lang) =>
          guarded('intent', (signal) => classifier.classify(text, lang, { signal }), fb && (async () => (await fb.intents()?.classifier.classify(text, lang)) ?? UNKNOWN_INTENT)),
      },
    },
    embedder: {
      dim: embedder.dim,
      id: embedder.id,
      embed: (texts) => guarded('embedding', (signal) => embedder.embed(texts, { signal }), null),
    },
    answerer: {
      answer: (req) => guarded('answer', (signal) => answerer.answer(req, { signal }), fb && (() => fb.answerer.answer(req))),
      stream: answerer.stream && ((req, onText) => guardedStream(req, onText)),
    },
  }

  /**
   * A stream is retried, or replaced by the fallback, only while none of its text has been released:
   * released text cannot be taken back, so a later failure ends the answer there.
   */
  async function guardedStream(req: Parameters<Answerer['answer']>[0], onText: (delta: string) => void) {
    let released = false
    const attempt = async (signal: AbortSignal) => {
      if (released) throw new Error('answer stream failed after text was released')
      return answerer.stream!(req, (delta) => {
        released = true
        onText(delta)
      }, { signal })
    }
    const fallback = fb && (async () => {
      if (released) throw new Error('answer stream failed after text was released')
      const answer = await fb.answerer.answer(req)
      if (answer.text) onText(answer.text)
      return answer
    })
    return guarded('answer', attempt, fallback)
  }
}

/**
 * Calls `fn` until it succeeds, the error is not transient, the retries are used up, or the
 * deadline leaves no room for another attempt. The deadline itself cuts a hanging attempt off and
 * aborts the signal that attempt was given, so its request is cancelled rather than left running
 * (and billed) until the SDK's own timeout. Each attempt gets a signal of its own.
 */
export async function withRetries<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  opts: { until: number; retries: number; baseMs: number; now: () => number; what: string },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const left = opts.until - opts.now()
    if (left < MIN_ATTEMPT_MS) throw new ProviderError('timeout', `${opts.what}: no time left in the turn budget`)
    try {
      return await beforeDeadline(fn, left, opts.what)
    } catch (error) {
      const wait = backoffMs(attempt, opts.baseMs, error)
      const retry = attempt < opts.retries && isRetryable(error) && opts.now() + wait + MIN_ATTEMPT_MS < opts.until
      if (!retry) throw error
      await sleep(wait)
    }
  }
}

/** Exponential with full jitter; a rate limit backs off four times as long. */
function backoffMs(attempt: number, baseMs: number, error: unknown): number {
  const base = baseMs * 2 ** attempt * (error instanceof ProviderError && error.kind === 'rate_limit' ? 4 : 1)
  return Math.round(base / 2 + (Math.random() * base) / 2)
}

/**
 * One attempt, cut off after `ms`: `fn` gets a signal the deadline aborts, and is still raced, so a
 * call that ignores its signal is cut off all the same.
 */
export function beforeDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number, what: string): Promise<T> {
  const abort = new AbortController()
  const promise = fn(abort.signal)
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const late = new ProviderError('timeout', `${what}: no answer within ${Math.round(ms)} ms`)
      reject(late)
      abort.abort(late)
    }, ms)
  })
  promise.catch(() => {}) // a late rejection after the deadline is not unhandled
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The resilience a Node app uses: with the `local` provider the primary models are already
 * local, so they are their own fallback; otherwise the local models are built here, the intent
 * model trained in the background from the intents file so it is ready before it is needed.
 */
export function createTurnResilience(opts: {
  settings: { TURN_BUDGET_MS: number; TURN_PROVIDER_RETRIES: number; TURN_RETRY_BASE_MS: number }
  providers: Providers
  intents: IntentModel
  intentsFile: string
}): TurnResilience {
  const base = { budgetMs: opts.settings.TURN_BUDGET_MS, retries: opts.settings.TURN_PROVIDER_RETRIES, retryBaseMs: opts.settings.TURN_RETRY_BASE_MS }
  if (opts.providers.name === 'local') {
    const { sentiment, answerer } = opts.providers
    return { ...base, fallback: { sentiment, answerer, intents: () => opts.intents } }
  }
  let intents: IntentModel | null = null
  void (async () => {
    const [{ parseIntents }, { readFile }] = await Promise.all([import('../intents/parse.js'), import('node:fs/promises')])
    const examples = parseIntents(await readFile(opts.intentsFile, 'utf8'))
    intents = { classifier: await trainLocalIntents(examples), routes: opts.intents.routes }
  })().catch((error: unknown) => console.error(JSON.stringify({ level: 'error', msg: 'local intent fallback failed to train', error: String(error) })))
  return { ...base, fallback: { intents: () => intents, answerer: createExtractiveAnswerer(), sentiment: createLocalSentiment() } }
}

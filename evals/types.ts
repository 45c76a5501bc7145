/** The shapes shared by the eval suite: a case, what the pipeline did with it, and how it scored. */
import type { IntentExample, Lang } from '../src/models/types.js'

export type Route = 'answer' | 'handoff'
export type SentimentLabel = 'negative' | 'neutral' | 'positive'

/** What a case expects; a metric counts only the cases that state what it needs. */
export interface Expected {
  intent?: string
  route?: Route
  sentiment?: SentimentLabel
  doc_ids?: string[]
  answer_contains?: string[]
  answer_span?: string
  blocked?: boolean
}

export interface EvalCase {
  id: string
  lang?: Lang
  /** Customer messages in order; the last one is the turn that is scored. */
  turns: string[]
  expected: Expected
  /**
   * `polarity` for binary sentiment sets: the predicted label is the sign of sentiment.score
   * (score > 0 positive, otherwise negative), since the sets have no neutral class.
   */
  sentimentMode?: 'label' | 'polarity'
}

export type FormatName = 'parley' | 'banking77' | 'clinc150' | 'doc2dial' | 'sentiment' | 'injection'

export interface LoadedSet {
  format: FormatName
  cases: EvalCase[]
  /** Intent exemplars from the set itself, trained on when `--intents` is not given. */
  training?: IntentExample[]
  /** Human-readable notes about how the set was read (split, skipped rows). */
  notes: string[]
}

/** What the pipeline did with the scored turn. */
export interface Got {
  message: string | null
  intent: string
  intent_confidence: number
  route: Route
  route_reasons: string[]
  sentiment: SentimentLabel
  sentiment_score: number
  blocked: boolean
  /** Documents cited in the reply, in order. */
  cited_doc_ids: string[]
  /** Distinct documents of stages.retrieval.hits, in rank order. */
  retrieved_doc_ids: string[]
}

export interface CaseRun {
  id: string
  run: number
  lang: Lang
  /** The scored customer message. */
  input: string
  expected: Expected
  sentimentMode: 'label' | 'polarity'
  got: Got
  /** Latency of the scored turn (runTurn's latencyMs). */
  latencyMs: number
  error?: string
}

/** Per-check outcomes of one case run; a check is absent when the case does not state what it needs. */
export interface Checks {
  answer?: boolean
  intent?: boolean
  route?: boolean
  sentiment?: boolean
  blocked?: boolean
  retrieval_hit_at_1?: boolean
  retrieval_hit_at_5?: boolean
  retrieval_rr?: number
  answer_f1?: number
}

export interface ScoredCase extends CaseRun {
  checks: Checks
  /** Every stated expectation met. */
  correct: boolean
  judge?: { correct: boolean; reason: string }
}

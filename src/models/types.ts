/**
 * The model interfaces every pipeline stage depends on. Providers (`local`, `openai`)
 * implement them; stages never import a provider directly.
 */

export type Lang = 'en' | 'zh'

/** Options every model call takes. */
export interface CallOptions {
  /** Aborted when the caller no longer wants the result: a remote call then cancels its request. */
  signal?: AbortSignal
}

export interface Embedder {
  /** Fixed output dimension; must match the `vector(N)` column. */
  readonly dim: number
  /** Identifies the embedding space, stored with each chunk so a model change forces re-embedding. */
  readonly id: string
  embed(texts: string[], opts?: CallOptions): Promise<number[][]>
}

export interface IntentExample {
  text: string
  intent: string
}

export interface IntentPrediction {
  name: string
  /** Calibrated probability of the top intent, 0..1. */
  confidence: number
  /** Top alternatives, best first (includes the top intent). */
  ranking: Array<{ name: string; score: number }>
}

export interface IntentClassifier {
  readonly intents: readonly string[]
  classify(text: string, lang?: Lang, opts?: CallOptions): Promise<IntentPrediction>
}

/** Builds a classifier from the intents file's exemplars. */
export type IntentTrainer = (examples: IntentExample[]) => Promise<IntentClassifier>

export type SentimentLabel = 'negative' | 'neutral' | 'positive'

export interface SentimentResult {
  label: SentimentLabel
  /** Polarity in -1..1: negative below zero. */
  score: number
}

export interface SentimentAnalyzer {
  analyze(text: string, lang?: Lang, opts?: CallOptions): Promise<SentimentResult>
}

/** A retrieved passage the answerer may use and cite. */
export interface Passage {
  chunkId: string
  docId: string
  title: string
  url: string | null
  text: string
  score: number
  /** Position of the chunk in its document, from 0, when known: chunks n and n + 1 are neighbours. */
  ordinal?: number
}

export interface AnswerCitation {
  chunkId: string
  docId: string
  /** The text of the passage the answer used from this source. */
  snippet: string
}

export interface Answer {
  text: string
  citations: AnswerCitation[]
  /** Share of answer sentences supported by a cited passage, 0..1. */
  coverage: number
}

export interface AnswerRequest {
  question: string
  lang: Lang
  passages: Passage[]
  history?: Array<{ role: 'customer' | 'bot' | 'agent'; text: string }>
}

export interface Answerer {
  answer(req: AnswerRequest, opts?: CallOptions): Promise<Answer>
  /** Streams the answer text as produced; the final Answer is returned at the end. */
  stream?(req: AnswerRequest, onText: (delta: string) => void, opts?: CallOptions): Promise<Answer>
}

export interface HandoffSummaryInput {
  /** Language of the note, i.e. of the agent team handling this customer. */
  lang: Lang
  intent: string | null
  sentiment: string
  reason: string
  /** PII-masked, as stored. */
  transcript: Array<{ role: 'customer' | 'bot' | 'agent'; text: string }>
}

/** Writes the note an agent reads first when they take a handoff. */
export interface HandoffSummarizer {
  summarize(input: HandoffSummaryInput, opts?: CallOptions): Promise<string>
}

export interface Providers {
  name: 'local' | 'openai'
  embedder: Embedder
  trainIntents: IntentTrainer
  sentiment: SentimentAnalyzer
  answerer: Answerer
  /** The system prompts this provider sends to a model: a reply must never repeat them. */
  systemPrompts?: readonly string[]
}

import type { RoutingConfig } from '../config.js'
import type { CheckResult, Decision, InputContext, OutputContext } from '../compliance/types.js'
import type { Db } from '../db/client.js'
import type { SearchCache } from '../knowledge/search-cache.js'
import type { Routes } from '../intents/parse.js'
import type { IntentClassifier, Providers } from '../models/types.js'
import type replies from './data/replies.json'
import type { Vault } from '../privacy/vault.js'
import type { EscalationSignals } from './stages/escalation.js'
import type { Speller } from '../text/spelling.js'

/** The compliance checks a turn needs; the engine in src/compliance implements it. */
export interface ComplianceChecks {
  checkInput(text: string, ctx: InputContext): Promise<CheckResult>
  checkOutput(text: string, ctx: OutputContext): Promise<CheckResult>
  checkPassage(text: string): Decision[]
  /** The AI-generated label for a language, or '' when the deployment does not label replies. */
  label(lang: 'en' | 'zh'): string
}

export interface IntentModel {
  classifier: IntentClassifier
  routes: Routes
  /** The same model for knowledge-base passages, remembering each passage's topic (it does not change). */
  passages?: IntentClassifier
}

export type ReplyTexts = typeof replies

/** Everything a turn depends on, passed in: no stage reaches for a global. */
export interface TurnDeps {
  db: Db
  providers: Providers
  intents: IntentModel
  compliance: ComplianceChecks
  routing: RoutingConfig
  replies: ReplyTexts
  /** Seals PII before a turn is stored and opens it when the conversation is read back (src/privacy/vault.ts). */
  vault?: Vault
  /** Spots explicit requests for a person, legal threats and complaints (phrase lists are data). */
  escalation: (text: string) => EscalationSignals
  /** Chunks and BM25 statistics remembered between searches; without it every search reads them afresh. */
  searchCache?: SearchCache
  /** Spots likely typos for the models to read spelled out (src/text/spelling.ts); without it text is read as typed. */
  speller?: Speller
}

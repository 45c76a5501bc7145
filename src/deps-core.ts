/**
 * The parts of AppDeps that every entry builds the same way, with no filesystem access, so the
 * Node runtime and the Workers entry cannot drift apart. Entries only differ in where the
 * database, the providers and the intents data come from.
 */
import type { Config } from './config.js'
import type { AppDeps } from './deps.js'
import type { Database } from './db/client.js'
import { createComplianceEngine } from './compliance/engine.js'
import { createEventBus, type EventBus } from './events/bus.js'
import { createSearchCache } from './knowledge/search-cache.js'
import { rememberingClassifier } from './models/remembering-classifier.js'
import type { Routes } from './intents/parse.js'
import type { IntentExample, Providers } from './models/types.js'
import type { Vault } from './privacy/vault.js'
import type { HandoffSummarizer } from './models/types.js'
import { createProviderHealth } from './ops/provider-health.js'
import { requestBackground } from './ops/background.js'
import replies from './turn/data/replies.json' with { type: 'json' }
import escalationLists from './turn/data/escalation.json' with { type: 'json' }
import { createEscalationDetector } from './turn/stages/escalation.js'
import { createSpeller } from './text/spelling.js'
import { words } from './text/tokenize.js'

/** Built once per process (or Worker isolate): models and rule engines. */
export type SharedParts = Pick<AppDeps, 'providers' | 'intents' | 'compliance' | 'escalation' | 'searchCache' | 'speller' | 'providerHealth'>

export async function buildSharedParts(providers: Providers, intentExamples: IntentExample[], routes: Routes): Promise<SharedParts> {
  const classifier = await providers.trainIntents(intentExamples)
  return {
    providers,
    intents: { classifier, routes, passages: rememberingClassifier(classifier) },
    compliance: createComplianceEngine({}, { systemSecrets: providers.systemPrompts }),
    escalation: createEscalationDetector(escalationLists),
    searchCache: createSearchCache(),
    speller: createSpeller(intentExamples.flatMap((e) => words(e.text))),
    providerHealth: createProviderHealth(),
  }
}

export interface DepsExtras {
  vault?: Vault
  events?: EventBus
  handoffSummarizer?: HandoffSummarizer
}

/** AppDeps from the shared parts and this process's (or request's) database. */
export function assembleDeps(config: Config, shared: SharedParts, database: Database, extras: DepsExtras = {}): AppDeps {
  return {
    ...shared,
    config,
    database,
    db: database.db,
    routing: config.routing,
    replies,
    events: createEventBus(),
    // Runs on its own, a failure logged (never thrown at a request); an entry that must wait for it on shutdown brings its own.
    background: requestBackground().run,
    ...extras,
  }
}

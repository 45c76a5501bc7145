import type { Config } from './config.js'
import type { Database } from './db/client.js'
import type { EventBus } from './events/bus.js'
import type { TurnDeps } from './turn/deps.js'
import type { Principal } from './auth/principal.js'
import type { ProviderHealth } from './ops/provider-health.js'
import type { HandoffSummarizer } from './models/types.js'

/** Everything the app needs, built by an entry point (server, worker, eval, tests) and passed in. */
export interface AppDeps extends TurnDeps {
  config: Config
  database: Database
  events: EventBus
  /** Recent provider fallbacks, for /healthz. */
  providerHealth: ProviderHealth
  /** Work a request leaves running after its response (Node logs a failure; a Worker keeps it alive with waitUntil). */
  background: (work: Promise<unknown>) => void
  /** The model's handoff note (PROVIDER=openai); without one a handoff keeps its extractive summary. */
  handoffSummarizer?: HandoffSummarizer
}

/** Hono context variables set by middleware. */
export interface AppEnv {
  Variables: {
    deps: AppDeps
    tenantId: string
    requestId: string
    /** Null when the request carries no credentials (and the demo does not admit anonymous customers). */
    principal: Principal | null
  }
}

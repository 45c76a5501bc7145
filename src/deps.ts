import type { Config } from './config.js'
import type { Database } from './db/client.js'
import type { EventBus } from './events/bus.js'
import type { TurnDeps } from './turn/deps.js'
import type { Principal } from './auth/principal.js'

/** Everything the app needs, built by an entry point (server, worker, eval, tests) and passed in. */
export interface AppDeps extends TurnDeps {
  config: Config
  database: Database
  events: EventBus
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

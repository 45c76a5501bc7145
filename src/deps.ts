import type { Config } from './config.js'
import type { Database } from './db/client.js'
import type { EventBus } from './events/bus.js'
import type { TurnDeps } from './turn/deps.js'

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
  }
}

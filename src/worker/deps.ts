/**
 * AppDeps on Cloudflare Workers, from bindings: no filesystem. The demo intents and routes are
 * bundled (CSV as a text module, JSON as a JSON module), the local providers are pure TS (the
 * sentiment model is a JSON import), and PostgreSQL is reached through Hyperdrive or DATABASE_URL.
 *
 * What is the same for every request (providers, the trained intent model, the compliance engine)
 * is built once per isolate by `createWorkerDepsFactory` and kept in its closure; the database
 * client is per request, because a Worker may not reuse one request's sockets in another.
 */
import { loadConfig, type Config } from '../config.js'
import type { AppDeps } from '../deps.js'
import { assembleDeps, buildSharedParts, type SharedParts } from '../deps-core.js'
import { openPostgres, postgresOptions } from '../db/postgres.js'
import { parseIntents, RoutesFile } from '../intents/parse.js'
import { createLocalProviders } from '../models/local/index.js'
import intentsCsv from '../demo/intents.csv'
import demoRoutes from '../demo/routes.json' with { type: 'json' }

/** The bindings wrangler.toml declares: a Hyperdrive binding, or a DATABASE_URL secret, plus plain-text vars. */
export interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string }
  DATABASE_URL?: string
  [name: string]: unknown
}

/** Config from the Worker's string vars; Hyperdrive's connection string wins over DATABASE_URL. */
export function workerConfig(env: WorkerEnv): Config {
  const vars: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') vars[name] = value
  if (env.HYPERDRIVE?.connectionString) vars.DATABASE_URL = env.HYPERDRIVE.connectionString
  const config = loadConfig(vars)
  if (!config.DATABASE_URL) throw new Error('The Worker needs PostgreSQL: bind HYPERDRIVE or set the DATABASE_URL secret')
  if (config.PROVIDER !== 'local') throw new Error('The Worker build bundles the local provider only (PROVIDER=local)')
  return config
}

async function buildShared(config: Config): Promise<SharedParts> {
  const providers = createLocalProviders({ embeddingDim: config.EMBEDDING_DIM })
  return buildSharedParts(providers, parseIntents(intentsCsv), RoutesFile.parse(demoRoutes))
}

export interface RequestDeps {
  deps: AppDeps
  /** Ends the request's database connections; pass to ctx.waitUntil. */
  close(): Promise<void>
}

/** Per-isolate factory: shared parts built on first use, a fresh database client per request. */
export function createWorkerDepsFactory() {
  let shared: Promise<SharedParts> | undefined
  return async function depsFor(env: WorkerEnv): Promise<RequestDeps> {
    const config = workerConfig(env)
    shared ??= buildShared(config).catch((error) => {
      shared = undefined
      throw error
    })
    const parts = await shared
    const database = openPostgres({
      ...postgresOptions(config, config.DATABASE_URL!),
      // Hyperdrive pools for us; a request needs only a few connections, opened on demand.
      poolMax: Math.min(config.DB_POOL_MAX, 5),
      fetchTypes: false,
    })
    const deps = assembleDeps(config, parts, database)
    return { deps, close: () => database.close() }
  }
}

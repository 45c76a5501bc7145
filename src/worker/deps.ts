/**
 * AppDeps on Cloudflare Workers, from bindings: no filesystem. The demo intents and routes are
 * bundled (CSV as a text module, JSON as a JSON module), the local providers are pure TS (the
 * sentiment model is a JSON import), PostgreSQL is reached through Hyperdrive or DATABASE_URL, and
 * the privacy vault's keys come from the PRIVACY_KEYS and PRIVACY_HASH_SALT secrets.
 *
 * What is the same for every request (providers, the trained intent model, the compliance engine)
 * is built once per isolate by `createWorkerDepsFactory` and kept in its closure; the database
 * client is per request, because a Worker may not reuse one request's sockets in another.
 */
import type { Config } from '../config.js'
import type { AppDeps } from '../deps.js'
import { assembleDeps, buildSharedParts, type SharedParts } from '../deps-core.js'
import { openPostgres, postgresOptions } from '../db/postgres.js'
import { parseIntents, RoutesFile } from '../intents/parse.js'
import { createLocalProviders } from '../models/local/index.js'
import { createVault, parseKeys, type Vault } from '../privacy/vault.js'
import { workerConfig, type WorkerEnv } from './config.js'
import intentsCsv from '../demo/intents.csv'
import demoRoutes from '../demo/routes.json' with { type: 'json' }

/** The vault from the PRIVACY_KEYS secrets (Web Crypto only, as on Node). */
function openWorkerVault(config: Config): Promise<Vault> {
  return createVault({ keys: parseKeys(config.PRIVACY_KEYS!), activeKeyId: config.PRIVACY_ACTIVE_KEY, salt: config.PRIVACY_HASH_SALT! })
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
  let shared: Promise<[SharedParts, Vault]> | undefined
  return async function depsFor(env: WorkerEnv): Promise<RequestDeps> {
    const config = workerConfig(env)
    shared ??= Promise.all([buildShared(config), openWorkerVault(config)]).catch((error) => {
      shared = undefined
      throw error
    })
    const [parts, vault] = await shared
    const database = openPostgres({
      ...postgresOptions(config, config.DATABASE_URL!),
      // Hyperdrive pools for us; a request needs only a few connections, opened on demand.
      poolMax: Math.min(config.DB_POOL_MAX, 5),
      fetchTypes: false,
    })
    const deps = assembleDeps(config, parts, database, { vault })
    return { deps, close: () => database.close() }
  }
}

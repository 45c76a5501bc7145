/** The Worker's config from its bindings (no CSV or JSON modules here, so it loads anywhere). */
import { loadConfig, type Config } from '../config.js'

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
  // Node generates a key file when none is set; a Worker has nowhere to keep one, and transcripts it
  // stored unsealed (or sealed under a key no other server has) would break the privacy guarantees.
  if (!config.PRIVACY_KEYS || !config.PRIVACY_HASH_SALT) {
    throw new Error('The Worker needs the PRIVACY_KEYS and PRIVACY_HASH_SALT secrets, the same as every server on this database (see README)')
  }
  return config
}

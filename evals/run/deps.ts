/**
 * Builds the whole service in process for an eval: in-memory PGlite, the chosen provider, the intent
 * model trained from the intents file (or from the set's own training rows, written to a temporary
 * file outside the project) and the knowledge base, through the same buildDeps the server uses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type Config } from '../../src/config.js'
import type { AppDeps } from '../../src/deps.js'
import type { IntentExample } from '../../src/models/types.js'
import { buildDeps } from '../../src/runtime.js'
import { InputError } from '../input-error.js'

export interface EvalDepsOptions {
  provider: 'local' | 'openai'
  /** Knowledge base folder or JSONL; none is ingested when absent. */
  kb?: string
  intents?: string
  routes?: string
  /** Trained on when `intents` is absent. */
  training?: IntentExample[]
  env?: Record<string, string | undefined>
  onSeedProgress?: (done: number, total: number) => void
}

export interface EvalDeps {
  deps: AppDeps
  close(): Promise<void>
}

/** The service's config for an eval: the environment with an in-memory database and the eval's own files. */
function evalConfig(provider: EvalDepsOptions['provider'], env: EvalDepsOptions['env'] = process.env, files: Record<string, string> = {}): Config {
  const { DATABASE_URL: _ignored, ...rest } = env
  return loadConfig({ ...rest, MEMORY_DB: 'true', LOG_LEVEL: 'silent', PROVIDER: provider, ...files, DEMO_STAFF_TOKEN: undefined })
}

/**
 * The provider's settings as buildEvalDeps will read them, checked before any input is read: the service
 * would otherwise refuse them only once the case file and knowledge base are loaded. The config is
 * returned for the limits the run is measured against (MAX_MESSAGE_CHARS).
 */
export function checkProvider(provider: EvalDepsOptions['provider'], env?: EvalDepsOptions['env']): Config {
  let config: Config
  try {
    config = evalConfig(provider, env)
  } catch (err) {
    throw new InputError((err as Error).message)
  }
  if (config.PROVIDER === 'openai' && !config.OPENAI_API_KEY) throw new InputError('--provider openai needs OPENAI_API_KEY in the environment')
  return config
}

export async function buildEvalDeps(opts: EvalDepsOptions): Promise<EvalDeps> {
  let tmp: string | undefined
  const tmpFile = async (name: string, text: string) => {
    tmp ??= await mkdtemp(join(tmpdir(), 'parley-eval-'))
    await writeFile(join(tmp, name), text)
    return join(tmp, name)
  }
  const intentsFile = opts.intents ?? (opts.training?.length ? await tmpFile('intents.jsonl', opts.training.map((e) => JSON.stringify(e)).join('\n') + '\n') : undefined)
  // No routes file: every intent routes by the default (answer). The service's own default, the demo routes, names demo intents.
  const routesFile = opts.routes ?? (await tmpFile('routes.json', '{}'))
  const config = evalConfig(opts.provider, opts.env, {
    ...(opts.kb ? { SEED_KB: opts.kb } : {}),
    ...(intentsFile ? { INTENTS_FILE: intentsFile } : {}),
    ROUTES_FILE: routesFile,
  })
  try {
    const deps = await buildDeps(config, { seed: !!opts.kb, onSeedProgress: opts.onSeedProgress })
    return {
      deps,
      async close() {
        await deps.database.close()
        if (tmp) await rm(tmp, { recursive: true, force: true })
      },
    }
  } catch (err) {
    if (tmp) await rm(tmp, { recursive: true, force: true })
    throw err
  }
}

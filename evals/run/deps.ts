/**
 * Builds the whole service in process for an eval: in-memory PGlite, the chosen provider, the intent
 * model trained from the intents file (or from the set's own training rows, written to a temporary
 * file outside the project) and the knowledge base, through the same buildDeps the server uses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.js'
import type { AppDeps } from '../../src/deps.js'
import type { IntentExample } from '../../src/models/types.js'
import { buildDeps } from '../../src/runtime.js'

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

export async function buildEvalDeps(opts: EvalDepsOptions): Promise<EvalDeps> {
  const { DATABASE_URL: _ignored, ...env } = opts.env ?? process.env
  let tmp: string | undefined
  let intentsFile = opts.intents
  let routesFile = opts.routes
  if (!intentsFile && opts.training?.length) {
    tmp = await mkdtemp(join(tmpdir(), 'parley-eval-'))
    intentsFile = join(tmp, 'intents.jsonl')
    await writeFile(intentsFile, opts.training.map((e) => JSON.stringify(e)).join('\n') + '\n')
    // The demo routes name demo intents; a set's own intents route by the default (answer).
    if (!routesFile) {
      routesFile = join(tmp, 'routes.json')
      await writeFile(routesFile, '{}')
    }
  }
  const config = loadConfig({
    ...env,
    MEMORY_DB: 'true',
    LOG_LEVEL: 'silent',
    PROVIDER: opts.provider,
    ...(opts.kb ? { SEED_KB: opts.kb } : {}),
    ...(intentsFile ? { INTENTS_FILE: intentsFile } : {}),
    ...(routesFile ? { ROUTES_FILE: routesFile } : {}),
    DEMO_STAFF_TOKEN: undefined,
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

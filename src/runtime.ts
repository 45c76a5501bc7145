/**
 * Builds AppDeps from config on Node: the database, the model providers, the intent model
 * trained from the intents file, the compliance engine, and the demo knowledge base on first start.
 * The Node server, the eval CLI and the tests share it; the Workers entry assembles the same parts
 * (src/deps-core.ts) from bundled data.
 */
import { count, eq } from 'drizzle-orm'
import type { Config } from './config.js'
import type { AppDeps } from './deps.js'
import type { Database, Db } from './db/client.js'
import { documents, staff } from './db/schema/index.js'
import { createStaff, createTenant } from './auth/credentials.js'
import { sha256Hex } from './auth/secrets.js'
import { openDatabase } from './db/open.js'
import type { EventBus } from './events/bus.js'
import { createPostgresEventBus } from './events/postgres-bus.js'
import { postgresClientOf } from './db/postgres.js'
import { checkRoutedIntents, readIntentsFile, readRoutesFile } from './intents/files.js'
import { ingestDocuments } from './knowledge/ingest.js'
import { refreshIndex } from './knowledge/refresh.js'
import { readKnowledgeDocuments } from './knowledge/load.js'
import type { Embedder, Providers } from './models/types.js'
import type { HandoffSummarizer } from './models/types.js'
import { openVault } from './privacy/keys.js'
import { assembleDeps, buildSharedParts } from './deps-core.js'

export interface BuildOptions {
  database?: Database
  providers?: Providers
  /** Ingest SEED_KB when the default tenant has no documents (default true). */
  seed?: boolean
  onSeedProgress?: (done: number, total: number) => void
}

export async function createProviders(config: Config): Promise<Providers> {
  if (config.PROVIDER === 'local') {
    const { createLocalProviders } = await import('./models/local/index.js')
    return createLocalProviders({ embeddingDim: config.EMBEDDING_DIM })
  }
  const { openai, shared } = await openAIClient(config)
  return openai.createOpenAIProviders({
    ...shared,
    embeddingModel: config.OPENAI_EMBEDDING_MODEL,
    embeddingDim: config.EMBEDDING_DIM,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    maxRetries: config.PROVIDER_MAX_RETRIES,
  })
}

/**
 * The model's handoff note, with the openai provider only. One attempt, bounded by
 * HANDOFF_SUMMARY_TIMEOUT_MS: a late note is worth less than the extractive summary already there.
 */
export async function createHandoffSummarizer(config: Config): Promise<HandoffSummarizer> {
  const { openai, shared } = await openAIClient(config)
  return openai.createOpenAIHandoffSummarizer({ ...shared, timeoutMs: config.HANDOFF_SUMMARY_TIMEOUT_MS, maxRetries: 0 })
}

/** The openai module (loaded only when used) and what its clients share: endpoint, key, chat model, prompts. */
async function openAIClient(config: Config) {
  if (!config.OPENAI_API_KEY) throw new Error('PROVIDER=openai needs OPENAI_API_KEY')
  const openai = await import('./models/openai/index.js')
  const shared = { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, chatModel: config.OPENAI_CHAT_MODEL, prompts: await openai.loadPrompts(config.PROMPTS_DIR) }
  return { openai, shared }
}

/** The intents file's exemplars and the routes file, read from disk. */
export async function readIntentData(config: Config) {
  const examples = await readIntentsFile(config.INTENTS_FILE)
  const routes = config.ROUTES_FILE ? await readRoutesFile(config.ROUTES_FILE) : {}
  checkRoutedIntents(routes, examples, { routes: `ROUTES_FILE ${config.ROUTES_FILE}`, intents: `INTENTS_FILE ${config.INTENTS_FILE}` })
  return { examples, routes }
}

export async function buildDeps(config: Config, opts: BuildOptions = {}): Promise<AppDeps> {
  // The data files first: a mistake in them stops the start before the database is opened.
  const { examples, routes } = await readIntentData(config)
  const database = opts.database ?? (await openDatabase(config))
  try {
    const providers = opts.providers ?? (await createProviders(config))
    const shared = await buildSharedParts(providers, examples, routes)
    const events = await eventBusFor(config, database)
    const handoffSummarizer = providers.name === 'openai' ? await createHandoffSummarizer(config) : undefined
    const deps = assembleDeps(config, shared, database, { vault: await openVault(config, database.db), handoffSummarizer, ...(events ? { events } : {}) })
    await createTenant(deps.db, config.DEFAULT_TENANT)
    const staffToken = demoStaffToken(config)
    if (staffToken) await ensureStaffToken(deps, staffToken)
    if (opts.seed ?? true) {
      await refreshKnowledgeIndex(deps.db, deps.providers.embedder)
      if (config.SEED_KB) await seedKnowledge(deps, config.SEED_KB, opts.onSeedProgress)
    }
    return deps
  } catch (error) {
    // A database this call opened is closed again (an embedded one flushes its files), one passed in is the caller's.
    if (!opts.database) await database.close().catch(() => undefined)
    throw error
  }
}

/** Re-indexes chunks stored by an older analyzer or embedder (after an upgrade), and says so once. */
export async function refreshKnowledgeIndex(db: Db, embedder: Embedder) {
  const refreshed = await refreshIndex({ db, embedder })
  if (refreshed.chunks > 0) console.log(JSON.stringify({ level: 'info', msg: 'knowledge index refreshed for the running analyzer and embedder', ...refreshed }))
  return refreshed
}

/**
 * Processes sharing a PostgreSQL database share their events through it (EVENT_BUS=auto), so a
 * console streaming from one process sees what the others handle. PGlite serves one process.
 */
async function eventBusFor(config: Config, database: Database): Promise<EventBus | undefined> {
  const client = postgresClientOf(database)
  if (config.EVENT_BUS === 'memory' || !client) return undefined
  const bus = createPostgresEventBus(client, {
    onError: (error) => console.error(JSON.stringify({ level: 'error', msg: 'event bus: NOTIFY or LISTEN failed', error: String((error as Error)?.message ?? error) })),
  })
  await bus.ready
  return bus
}

/** Ingests a knowledge source into the default tenant when that tenant has no documents yet: all of it, or none. */
export async function seedKnowledge(deps: AppDeps, source: string, onProgress?: (done: number, total: number) => void): Promise<number> {
  const tenantId = deps.config.DEFAULT_TENANT
  const [{ n }] = await deps.db.select({ n: count() }).from(documents).where(eq(documents.tenantId, tenantId))
  if (Number(n) > 0) return 0
  const docs = await readKnowledgeDocuments(source).catch((err: Error) => {
    throw new Error(`SEED_KB ${source}: ${err.message}`)
  })
  const ingest = { db: deps.db, embedder: deps.providers.embedder, chunking: { chunkSize: deps.config.CHUNK_SIZE, chunkOverlap: deps.config.CHUNK_OVERLAP } }
  // All or nothing: a seed cut short (the embedding provider down, say) stores nothing, so the next
  // start seeds again instead of finding documents and keeping half a knowledge base.
  await ingestDocuments(ingest, tenantId, docs, onProgress)
  return docs.length
}

/** The embedded demo (anonymous customers) gets a well-known admin token for its console unless one is configured. */
export function demoStaffToken(config: Config): string | undefined {
  return config.DEMO_STAFF_TOKEN ?? (config.ALLOW_ANONYMOUS ? 'st_demo_admin' : undefined)
}

/** Creates the demo console's admin once; the token comes from config, so it is known to whoever set it. */
async function ensureStaffToken(deps: AppDeps, token: string): Promise<void> {
  const [existing] = await deps.db.select({ id: staff.id }).from(staff).where(eq(staff.tokenHash, await sha256Hex(token)))
  if (!existing) await createStaff(deps.db, deps.config.DEFAULT_TENANT, 'Demo admin', 'admin', { token, skills: [] })
}

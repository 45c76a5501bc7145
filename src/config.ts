/**
 * Every setting, parsed once from the environment with zod. The defaults run the embedded
 * mode untouched: PGlite in ./.data, the `local` provider, the demo knowledge base.
 */
import { z } from 'zod'
import { describeIssues } from './issues.js'
import routing from './turn/data/routing.json' with { type: 'json' }
import { HttpSecuritySettings } from './http/middleware/security-headers/settings.js'
import { ResilienceSettings } from './turn/resilience.js'
import { HandoffSettings } from './handoff/config.js'
import { PrivacySettings } from './privacy/config.js'
import { OpsSettings } from './ops/config.js'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const RoutingSchema = z.object({
  minIntentConfidence: z.number().min(0).max(1),
  /** Below this closeness (the best passage's cosine plus lexical match) the knowledge base has nothing on the question. */
  minRetrievalCloseness: z.number().min(0).max(2),
  minAnswerConfidence: z.number().min(0).max(1),
  /**
   * A question is outside the knowledge base when less than this share of its English words (weighted by
   * rarity) appear in it and the intent confidence is under outOfScopeIntentConfidence.
   */
  minTermCoverage: z.number().min(0).max(1),
  outOfScopeIntentConfidence: z.number().min(0).max(1),
  /**
   * How sure the classifier must be of a handoff intent (human_agent, complaint…) read from the words alone
   * (half of it when the customer is strongly negative). Explicit phrases (escalation.json) need no such reading.
   */
  handoffIntentConfidence: z.number().min(0).max(1),
  negativeSentimentTurns: z.number().int().min(1),
  negativeSentimentScore: z.number().min(-1).max(0),
  strongNegativeScore: z.number().min(-1).max(0),
  loopSimilarity: z.number().min(0).max(1),
  retrievalK: z.number().int().min(1).max(50),
  /** Weight of question/passage intent agreement when re-ranking retrieved passages (0 turns it off). */
  intentRerankWeight: z.number().min(0).max(10),
  /** How many search hits the intent re-ranking chooses the retrievalK passages from. */
  intentRerankPool: z.number().int().min(1).max(100),
  /** A message with at most this many search terms of its own is read with the customer's previous one. */
  followUpMaxTerms: z.number().int().min(0).max(20),
  /** In a small-talk message, a sentence the classifier does not read as small talk with this many search terms is a request. */
  smalltalkAskMinTerms: z.number().int().min(1).max(20),
  /** A question with smalltalkAskMinTerms search terms or more is small talk only at this confidence ("What's a good recipe for banana bread?" is no greeting). */
  smalltalkQuestionConfidence: z.number().min(0).max(1),
})
export type RoutingConfig = z.infer<typeof RoutingSchema>

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL connection string; when unset the embedded PGlite database is used. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./.data'),
  /** Throwaway in-memory PGlite (also `--memory` on the command line). */
  MEMORY_DB: bool.default(false),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Node processes serving the port (`node:cluster`); more than one needs PostgreSQL, since an
   * embedded database belongs to one process. Each process opens up to DB_POOL_MAX connections (+1 to LISTEN).
   */
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** `auto`: on PostgreSQL, processes share events through LISTEN/NOTIFY; `memory`: this process only. */
  EVENT_BUS: z.enum(['auto', 'memory']).default('auto'),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  HNSW_M: z.coerce.number().int().min(4).max(100).default(16),
  HNSW_EF_CONSTRUCTION: z.coerce.number().int().min(8).max(1000).default(64),
  HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1000).default(40),

  PROVIDER: z.enum(['local', 'openai']).default('local'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_CHAT_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  PROVIDER_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Fixed by the `vector(512)` column: changing it needs a migration. */
  EMBEDDING_DIM: z.coerce.number().int().refine((d) => d === 512, 'EMBEDDING_DIM must be 512 (the vector column size)').default(512),

  DEFAULT_TENANT: z.string().min(1).default('demo'),
  /** Admit customers without an API key, on the default tenant. Defaults to on only for the embedded database. */
  ALLOW_ANONYMOUS: bool.optional(),
  /** A staff token (role admin) created on start for the default tenant, for the demo console. */
  DEMO_STAFF_TOKEN: z.string().regex(/^st_[\w-]{8,}$/, 'must look like st_ followed by 8+ characters').optional(),
  /** Knowledge base ingested on first start when the tenant has none ("" disables). */
  SEED_KB: z.string().default('src/demo/kb'),
  INTENTS_FILE: z.string().default('src/demo/intents.csv'),
  ROUTES_FILE: z.string().default('src/demo/routes.json'),
  PROMPTS_DIR: z.string().default('prompts'),
  CHUNK_SIZE: z.coerce.number().int().min(100).max(8000).default(700),
  CHUNK_OVERLAP: z.coerce.number().int().min(0).max(2000).default(80),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(1).default(4000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  routing: RoutingSchema.default(routing),
  /** Rate limits, body sizes, CORS origins: see src/http/middleware/security-headers/settings.ts. */
  ...HttpSecuritySettings,
  /** TURN_BUDGET_MS and provider retries within a turn: see src/turn/resilience.ts. */
  ...ResilienceSettings,
  /** HANDOFF_SLA_MINUTES, HANDOFF_LEASE_SECONDS, HANDOFF_HEARTBEAT_SECONDS: see src/handoff/config.ts. */
  ...HandoffSettings,
  /** PRIVACY_RETENTION, PRIVACY_NOTICE, PRIVACY_KEYS, PRIVACY_PURGE_INTERVAL_MINUTES, ...: see src/privacy/config.ts. */
  ...PrivacySettings,
  /** METRICS_TOKEN, ANALYTICS_CACHE_SECONDS, EVAL_REPORT, GAPS_SIMILARITY, ALERT_*: see src/ops/config.ts. */
  ...OpsSettings,
})

export type Config = Omit<z.infer<typeof ConfigSchema>, 'ALLOW_ANONYMOUS'> & { ALLOW_ANONYMOUS: boolean }

/** Parses the environment (and a few command-line flags) into a Config, or throws with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env, argv: string[] = []): Config {
  const input: Record<string, unknown> = { ...env }
  if (argv.includes('--memory')) input.MEMORY_DB = 'true'
  for (const key of Object.keys(input)) if (input[key] === '') delete input[key]
  const parsed = ConfigSchema.safeParse(input)
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues)
    throw new Error(`Invalid configuration: ${problems}`)
  }
  const config = parsed.data
  if (config.WORKERS > 1 && !config.DATABASE_URL) throw new Error('Invalid configuration: WORKERS: more than one process needs DATABASE_URL (PGlite serves a single process)')
  return { ...config, ALLOW_ANONYMOUS: config.ALLOW_ANONYMOUS ?? !config.DATABASE_URL }
}

/**
 * Operations for one app: its metrics registry, its logger, the analytics cache, and the deps
 * the app's requests use (providers wrapped for metrics). createApp builds one per app.
 */
import type { AppDeps } from '../deps.js'
import { createLogger, type Logger } from './log.js'
import { createParleyMetrics, type ParleyMetrics } from './metrics/parley.js'
import type { Registry } from './metrics/registry.js'
import { errorKind, instrumentIntents, instrumentProviders, instrumentSummarizer } from './metrics/providers.js'
import { createTtlCache, type TtlCache } from './kpi/cache.js'
import type { Summary } from './kpi/summary.js'
import type { GapCluster } from './gaps.js'
import type { EvalFigure } from './kpi/targets.js'
import type { StageHooks } from './stages.js'
import { stageFacts } from './stage-log.js'

export interface OpsOptions {
  /** Where log lines go (default stdout/stderr). */
  log?: (line: string, level: string) => void
  /** Metrics only a runtime can take (the Node entry adds event-loop delay). */
  runtimeMetrics?: (registry: Registry) => void
}

export interface Ops {
  metrics: ParleyMetrics
  logger: Logger
  /** The app's deps with instrumented providers; per request, `withStageHook` adds the request's stage hook. */
  deps: AppDeps
  summaries: TtlCache<Summary>
  gaps: TtlCache<GapCluster[]>
  evalReports: TtlCache<EvalFigure | null>
  /** Deps for one request: stage timings go to the stage histogram and, at debug, to the log with the request id. */
  withStageHook(requestId: string, tenantId: () => string): AppDeps & StageHooks
}

export function createOps(deps: AppDeps, options: OpsOptions = {}): Ops {
  const metrics = createParleyMetrics(deps.db)
  options.runtimeMetrics?.(metrics.registry)
  const logger = createLogger({ level: deps.config.LOG_LEVEL, write: options.log })
  const ttlMs = deps.config.ANALYTICS_CACHE_SECONDS * 1000
  const instrumented: AppDeps = {
    ...deps,
    providers: instrumentProviders(deps.providers, metrics),
    intents: instrumentIntents(deps.intents, deps.providers.name, metrics),
    handoffSummarizer: deps.handoffSummarizer && instrumentSummarizer(deps.handoffSummarizer, deps.providers.name, metrics),
  }
  return {
    metrics,
    logger,
    deps: instrumented,
    summaries: createTtlCache({ ttlMs }),
    gaps: createTtlCache({ ttlMs }),
    evalReports: createTtlCache({ ttlMs: Math.min(ttlMs, 60_000) }),
    withStageHook(requestId, tenantId) {
      return {
        ...instrumented,
        onStage(event) {
          metrics.stageDuration.observe({ stage: event.stage }, event.ms / 1000)
          if (event.error !== undefined) metrics.stageErrors.inc({ stage: event.stage })
          if (logger.enabled('debug')) {
            logger.debug('turn stage', { requestId, tenant: tenantId(), stage: event.stage, ms: Math.round(event.ms * 10) / 10, ...stageFacts(event) })
          }
        },
        // A revoked key or a provider outage shows in a customer's reply only as a fallback or a handoff: say so.
        onProviderFallback({ stage, error }) {
          metrics.providerFallbacks.inc({ stage })
          deps.providerHealth.record({ stage, kind: errorKind(error) })
          logger.warn('provider fallback', { requestId, tenant: tenantId(), stage, error: error instanceof Error ? error.message : String(error) })
        },
      }
    },
  }
}

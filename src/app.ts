/** createApp(deps): mounts middleware and routes, nothing else. */
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from './deps.js'
import { problem, ProblemError } from './http/problem.js'
import { healthRoutes } from './http/routes/health.js'
import { conversationRoutes } from './http/routes/conversations.js'
import { messageRoutes } from './http/routes/messages.js'
import { kbRoutes } from './http/routes/kb.js'
import { privacyRoutes } from './http/routes/privacy.js'
import { auditRoutes } from './http/routes/audit.js'
import { agentRoutes } from './http/routes/agent.js'
import { agentActionRoutes } from './http/routes/agent-actions.js'
import { agentEventRoutes } from './http/routes/agent-events.js'
import { savedReplyRoutes } from './http/routes/saved-replies.js'
import { settingsRoutes } from './http/routes/settings.js'
import { conversationEventRoutes } from './http/routes/events.js'
import { feedbackRoutes } from './http/routes/feedback.js'
import { answerFeedbackRoutes } from './http/routes/answer-feedback.js'
import { consoleRoutes } from './web/console/routes.js'
import { widgetRoutes } from './http/routes/widget.js'
import { authenticate } from './http/middleware/auth/index.js'
import { securityHeaders } from './http/middleware/security-headers/index.js'
import { apiCors } from './http/middleware/cors/index.js'
import { bodyLimit } from './http/middleware/body-limit/index.js'
import { inputGuard } from './http/middleware/input-guard/index.js'
import { createDatabaseBuckets, createTokenBuckets, rateLimit } from './http/middleware/rate-limit/index.js'
import { createTurnResilience } from './turn/resilience.js'
import { createOps, type OpsOptions } from './ops/index.js'
import { requestMetrics } from './http/middleware/metrics/index.js'
import { requestLog } from './http/middleware/request-log/index.js'
import { analyticsRoutes } from './http/routes/analytics.js'
import { metricsRoutes } from './http/routes/metrics.js'
import { dashboardRoutes } from './http/routes/dashboard.js'

export function createApp(deps: AppDeps, opsOptions: OpsOptions = {}) {
  // Metrics registry, logger and analytics cache of this app (see src/ops).
  const ops = createOps(deps, opsOptions)
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', deps)
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 100) || crypto.randomUUID())
    c.set('tenantId', deps.config.DEFAULT_TENANT)
    c.set('principal', null)
    await next()
    c.header('x-request-id', c.var.requestId)
  })
  app.use(requestMetrics(ops.metrics))
  app.use(requestLog(ops))
  // Before the API's security headers: the dashboard page sends its own CSP (its script and style).
  app.route('/', dashboardRoutes)
  // The console page sends its own CSP (it runs a script); the API's headers apply to everything else.
  app.route('/', consoleRoutes({ maxMessageChars: deps.config.MAX_MESSAGE_CHARS }))
  app.route('/', widgetRoutes) // /widget.js and /chat: their own headers too
  app.use(securityHeaders())
  app.use('/v1/*', apiCors(deps.config.CORS_ORIGINS))
  const [kbBodyLimit, apiBodyLimit] = [bodyLimit(deps.config.KB_MAX_BODY_BYTES), bodyLimit(deps.config.MAX_BODY_BYTES)]
  app.use('/v1/*', (c, next) => (c.req.path.startsWith('/v1/kb/') ? kbBodyLimit : apiBodyLimit)(c, next))
  app.use('/v1/*', inputGuard)
  app.use('/v1/*', authenticate)
  if (deps.config.RATE_LIMIT_ENABLED) {
    const store = deps.config.RATE_LIMIT_STORE === 'auto' ? (deps.database.driver === 'postgres' ? 'database' : 'memory') : deps.config.RATE_LIMIT_STORE
    const vault = deps.vault
    const nameOf = vault ? (bucket: string) => vault.keyedHash('rate-limit', bucket) : undefined
    const buckets = store === 'database' ? createDatabaseBuckets(deps.db, { nameOf }) : createTokenBuckets({ maxBuckets: deps.config.RATE_LIMIT_MAX_BUCKETS })
    app.use('/v1/*', rateLimit(buckets, {
      key: { perMinute: deps.config.RATE_LIMIT_KEY_PER_MINUTE, burst: deps.config.RATE_LIMIT_KEY_BURST },
      customer: { perMinute: deps.config.RATE_LIMIT_CUSTOMER_PER_MINUTE, burst: deps.config.RATE_LIMIT_CUSTOMER_BURST },
    }))
  }

  app.route('/', healthRoutes)
  app.route('/', conversationRoutes)
  app.route('/', messageRoutes(createTurnResilience({ settings: deps.config, providers: deps.providers, intents: deps.intents, intentsFile: deps.config.INTENTS_FILE })))
  app.route('/', kbRoutes)
  app.route('/', privacyRoutes)
  app.route('/', auditRoutes)
  app.route('/', analyticsRoutes(ops))
  app.route('/', metricsRoutes(ops))
  app.route('/', agentRoutes)
  app.route('/', agentActionRoutes)
  app.route('/', agentEventRoutes)
  app.route('/', savedReplyRoutes)
  app.route('/', settingsRoutes)
  app.route('/', conversationEventRoutes)
  app.route('/', feedbackRoutes)
  app.route('/', answerFeedbackRoutes)

  app.notFound((c) => problem(c, { title: 'Not Found', status: 404, detail: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` }))
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problem(c, error.problem)
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', requestId: c.var.requestId, error: String(error?.stack ?? error) }))
    return problem(c, { title: 'Internal Server Error', status: 500, detail: 'Something went wrong on our side; the request id identifies it.', request_id: c.var.requestId })
  })
  return app
}

export type App = ReturnType<typeof createApp>

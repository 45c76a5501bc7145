/** createApp(deps): mounts middleware and routes, nothing else. */
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from './deps.js'
import { problem, ProblemError } from './http/problem.js'
import { healthRoutes } from './http/routes/health.js'
import { conversationRoutes } from './http/routes/conversations.js'
import { messageRoutes } from './http/routes/messages.js'
import { kbRoutes } from './http/routes/kb.js'
import { authenticate } from './http/middleware/auth/index.js'

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', deps)
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 100) || crypto.randomUUID())
    c.set('tenantId', deps.config.DEFAULT_TENANT)
    c.set('principal', null)
    await next()
    c.header('x-request-id', c.var.requestId)
  })
  app.use('/v1/*', authenticate)

  app.route('/', healthRoutes)
  app.route('/', conversationRoutes)
  app.route('/', messageRoutes)
  app.route('/', kbRoutes)

  app.notFound((c) => problem(c, { title: 'Not Found', status: 404, detail: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` }))
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problem(c, error.problem)
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', requestId: c.var.requestId, error: String(error?.stack ?? error) }))
    return problem(c, { title: 'Internal Server Error', status: 500, detail: 'Something went wrong on our side; the request id identifies it.', request_id: c.var.requestId })
  })
  return app
}

export type App = ReturnType<typeof createApp>

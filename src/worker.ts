/**
 * Cloudflare Workers entry: the same Hono app as the Node server, with deps built from bindings
 * (see src/worker/deps.ts). Migrations are applied from Node (`npm run db:migrate`) before deploy.
 */
import type { ExecutionContext } from 'hono'
import { createApp } from './app.js'
import { createWorkerDepsFactory, type WorkerEnv } from './worker/deps.js'

export function createWorker() {
  const depsFor = createWorkerDepsFactory()
  return {
    async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
      const { deps, close } = await depsFor(env)
      try {
        return await createApp(deps).fetch(request, env, ctx)
      } finally {
        // Let in-flight queries finish, then close the request's connections after the response.
        ctx.waitUntil(close())
      }
    },
  }
}

export default createWorker()

/**
 * Cloudflare Workers entry: the same Hono app as the Node server, with deps built from bindings
 * (see src/worker/deps.ts). Migrations are applied from Node (`npm run db:migrate`) before deploy.
 */
import type { ExecutionContext } from 'hono'
import { createApp } from './app.js'
import type { WorkerEnv } from './worker/config.js'
import { createWorkerDepsFactory } from './worker/deps.js'
import { requestBackground } from './ops/background.js'

export function createWorker() {
  const depsFor = createWorkerDepsFactory()
  return {
    async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
      const { deps, close: closeDatabase } = await depsFor(env)
      // Work left running after the response still needs the request's database.
      const background = requestBackground(ctx)
      const close = () => background.settled().then(closeDatabase)
      let response: Response
      try {
        response = await createApp({ ...deps, background: background.run }).fetch(request, env, ctx)
      } catch (error) {
        ctx.waitUntil(close())
        throw error
      }
      if (!response.body) {
        ctx.waitUntil(close())
        return response
      }
      // A streamed body (a privacy export, an SSE stream) still reads the database after fetch returns:
      // the request's connections close once the body is done or the client has gone.
      const { readable, writable } = new TransformStream()
      ctx.waitUntil(response.body.pipeTo(writable).catch(() => {}).then(close))
      return new Response(readable, response)
    },
  }
}

export default createWorker()

/** The baseline for `npm run bench`: a bare Hono app on @hono/node-server with one JSON route. */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono().post('/bare', async (c) => c.json({ ok: true, echo: await c.req.json() }))
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ msg: 'parley listening', url: `http://localhost:${info.port}` }))
})

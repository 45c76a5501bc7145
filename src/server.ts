/** Node entry: parse config, build deps, serve (or, with WORKERS > 1, run the processes that do). */
import cluster from 'node:cluster'
import { serve } from '@hono/node-server'
import { createApp } from './app.js'
import { runPrimary, WORKER_INDEX } from './cluster.js'
import { loadConfig, type Config } from './config.js'
import { buildDeps, demoStaffToken } from './runtime.js'
import { watchEventLoop } from './ops/metrics/event-loop.js'
import { requestBackground } from './ops/background.js'

try {
  const config = loadConfig(process.env, process.argv.slice(2))
  if (config.WORKERS > 1 && cluster.isPrimary) await runPrimary(config)
  else await startServer(config, Number(process.env[WORKER_INDEX] ?? 0))
} catch (error) {
  // A bad setting or data file (the message names it) stops the start with one log line, not a crash dump.
  const { message, stack } = error instanceof Error ? error : new Error(String(error))
  console.error(JSON.stringify({ level: 'fatal', msg: 'startup failed', error: message, stack }))
  process.exit(1)
}

/** One server process; slot 0 (the only one without a cluster) also runs the timed jobs. */
async function startServer(config: Config, slot: number) {
  const deps = await buildDeps(config, {
    onSeedProgress: (done, total) => {
      if (done === total) console.log(JSON.stringify({ level: 'info', msg: 'knowledge base seeded', documents: total }))
    },
  })
  // Work a request leaves running (the model's handoff note) is tracked, so a shutdown lets it finish.
  const background = requestBackground()
  const app = createApp({ ...deps, background: background.run }, { runtimeMetrics: watchEventLoop })
  if (slot === 0) void import('./privacy/schedule.js').then((m) => m.startPrivacySchedule(deps)) // retention purge every PRIVACY_PURGE_INTERVAL_MINUTES
  if (slot === 0) void import('./ops/alerts/scheduler.js').then((m) => m.startAlerts(deps)) // alert rules every ALERT_INTERVAL_SECONDS when ALERT_WEBHOOK_URL is set
  // Requests still being handled, so a shutdown can let them finish even when their clients hung up.
  let inFlight = 0
  const fetch: typeof app.fetch = async (...args) => {
    inFlight++
    try {
      return await app.fetch(...args)
    } finally {
      inFlight--
    }
  }
  const server = serve({ fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://localhost:${info.port}`
    console.log(JSON.stringify({ level: 'info', msg: 'parley listening', url, chat: `${url}/chat`, console: `${url}/console`, database: deps.database.driver, provider: deps.providers.name, pid: process.pid }))
    if (config.ALLOW_ANONYMOUS && demoStaffToken(config)) console.log(JSON.stringify({ level: 'info', msg: 'demo mode: anonymous customers, console token', token: demoStaffToken(config) }))
  })

  let closing = false
  async function shutdown(signal: string) {
    if (closing) return
    closing = true
    console.log(JSON.stringify({ level: 'info', msg: 'shutting down', signal }))
    // Stop accepting, let in-flight requests and the work they left running finish (at most 10 s), then close the database.
    server.close()
    if ('closeIdleConnections' in server) server.closeIdleConnections()
    const deadline = Date.now() + 10_000
    while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    await Promise.race([background.settled(), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))])
    await deps.database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

/**
 * WORKERS > 1: the primary process prepares the database once (migrations, default tenant, demo
 * KB), then forks that many server processes sharing the port (node:cluster hands connections
 * round-robin) and keeps them running: a process that dies is replaced, with a growing delay if
 * they keep dying. On SIGTERM or SIGINT every process is asked to finish its requests and stop.
 * Processes share events through PostgreSQL (src/events/postgres-bus.ts); rate-limit buckets
 * stay per process (see README).
 */
import cluster, { type Worker } from 'node:cluster'
import type { Config } from './config.js'
import { buildDeps } from './runtime.js'

/** Environment variable that tells a server process which slot it fills (0 runs the schedules). */
export const WORKER_INDEX = 'PARLEY_WORKER_INDEX'
const STOP_GRACE_MS = 15_000
const MAX_RESTART_DELAY_MS = 30_000
/** A process that lived this long was healthy: its replacement starts without delay. */
const HEALTHY_AFTER_MS = 10_000

const log = (msg: string, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ level: 'info', msg, ...extra }))

export async function runPrimary(config: Config): Promise<void> {
  // Migrate and seed here, once, so the server processes do not race each other at it. This process
  // serves nothing, so it needs no LISTEN connection for events.
  const deps = await buildDeps({ ...config, EVENT_BUS: 'memory' })
  await deps.database.close()

  const slots = new Map<Worker, { index: number; startedAt: number }>()
  const failures = new Array<number>(config.WORKERS).fill(0)
  let stopping = false
  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_INDEX]: String(index) })
    slots.set(worker, { index, startedAt: Date.now() })
  }
  cluster.on('exit', (worker, code, signal) => {
    const slot = slots.get(worker)
    slots.delete(worker)
    if (stopping || !slot) return
    failures[slot.index] = Date.now() - slot.startedAt > HEALTHY_AFTER_MS ? 0 : failures[slot.index] + 1
    const delay = Math.min(MAX_RESTART_DELAY_MS, failures[slot.index] ? 250 * 2 ** failures[slot.index] : 0)
    console.error(JSON.stringify({ level: 'error', msg: 'server process exited; starting another', pid: worker.process.pid, code, signal, worker: slot.index, delayMs: delay }))
    setTimeout(() => !stopping && fork(slot.index), delay)
  })
  for (let i = 0; i < config.WORKERS; i++) fork(i)
  log('parley cluster', { workers: config.WORKERS, pid: process.pid })

  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log('shutting down', { signal, workers: slots.size })
    const exits = [...slots.keys()].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))))
    for (const w of slots.keys()) w.process.kill('SIGTERM')
    const timer = setTimeout(() => {
      for (const w of slots.keys()) w.process.kill('SIGKILL')
    }, STOP_GRACE_MS)
    await Promise.all(exits)
    clearTimeout(timer)
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

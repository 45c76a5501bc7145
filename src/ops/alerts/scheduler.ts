/**
 * The alert loop: every ALERT_INTERVAL_SECONDS each rule is measured for each tenant; a rule that
 * starts breaching sends `alert.firing`, one that stops sends `alert.resolved` (state is kept per
 * scheduler, in memory: run one scheduler per deployment). Deliveries run in the background so a
 * slow receiver does not hold up the next check.
 */
import { tenants } from '../../db/schema/index.js'
import type { Db } from '../../db/client.js'
import { checkAlertSettings, type AlertRule, type OpsSettingsValues } from '../config.js'
import type { Config } from '../../config.js'
import { createLogger, type Logger } from '../log.js'
import { breaches, measure } from './evaluate.js'
import { deliver, type DeliveryResult, type WebhookIo } from './webhook.js'

export interface AlertPayload {
  id: string
  type: 'alert.firing' | 'alert.resolved'
  rule: string
  metric: AlertRule['metric']
  tenant_id: string
  value: number | null
  threshold: number
  window_minutes: number
  conversations: number
  at: string
}

export interface AlertDeps {
  db: Db
  config: OpsSettingsValues & { DEFAULT_TENANT: string; routing: { strongNegativeScore: number } }
  /** Intents that count as complaints (default `complaint`). */
  complaintIntents?: string[]
  logger?: Logger
}

export interface AlertOptions extends WebhookIo {
  now?: () => Date
}

export interface AlertScheduler {
  /** One round of checks; resolves with the alerts sent (their deliveries may still be retrying). */
  tick(): Promise<AlertPayload[]>
  /** Waits for deliveries in flight; resolves with every delivery's result so far. */
  idle(): Promise<DeliveryResult[]>
  /** Checks every ALERT_INTERVAL_SECONDS (the timer does not keep the process alive). */
  start(): AlertScheduler
  stop(): void
}

export function createAlertScheduler(deps: AlertDeps, opts: AlertOptions = {}): AlertScheduler {
  checkAlertSettings(deps.config)
  const cfg = deps.config
  const now = opts.now ?? (() => new Date())
  const firing = new Map<string, boolean>()
  const inFlight = new Set<Promise<DeliveryResult>>()
  const settled: DeliveryResult[] = []
  let timer: ReturnType<typeof setInterval> | null = null
  let running: Promise<AlertPayload[]> | null = null

  async function round(): Promise<AlertPayload[]> {
    const at = now()
    const ids = [...new Set([cfg.DEFAULT_TENANT, ...(await deps.db.select({ id: tenants.id }).from(tenants)).map((t) => t.id)])]
    const sent: AlertPayload[] = []
    for (const tenantId of ids) {
      for (const rule of cfg.ALERT_RULES) {
        const m = await measure(deps.db, tenantId, rule, at, { complaintIntents: deps.complaintIntents ?? ['complaint'], strongNegative: cfg.routing.strongNegativeScore })
        const key = `${tenantId}\u0000${rule.name}`
        const breaching = breaches(rule, m)
        if (breaching === (firing.get(key) ?? false)) continue
        firing.set(key, breaching)
        const payload: AlertPayload = {
          id: crypto.randomUUID(),
          type: breaching ? 'alert.firing' : 'alert.resolved',
          rule: rule.name,
          metric: rule.metric,
          tenant_id: tenantId,
          value: Number.isFinite(m.value) ? Math.round(m.value * 10_000) / 10_000 : null,
          threshold: rule.above,
          window_minutes: rule.window_minutes,
          conversations: m.conversations,
          at: at.toISOString(),
        }
        sent.push(payload)
        send(payload)
      }
    }
    return sent
  }

  function send(payload: AlertPayload) {
    deps.logger?.warn('alert', { ...payload })
    if (!cfg.ALERT_WEBHOOK_URL || !cfg.ALERT_WEBHOOK_SECRET) return
    const target = { url: cfg.ALERT_WEBHOOK_URL, secret: cfg.ALERT_WEBHOOK_SECRET, retries: cfg.ALERT_WEBHOOK_RETRIES, backoffMs: cfg.ALERT_WEBHOOK_BACKOFF_MS, timeoutMs: cfg.ALERT_WEBHOOK_TIMEOUT_MS }
    const p = deliver(target, payload, opts).then((r) => {
      if (!r.ok) deps.logger?.error('alert webhook failed', { id: payload.id, rule: payload.rule, attempts: r.attempts, status: r.status, error: r.error })
      settled.push(r)
      return r
    })
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p))
  }

  const scheduler: AlertScheduler = {
    tick() {
      // Rounds never overlap: a slow database makes the next tick wait for the current one.
      running ??= round().finally(() => (running = null))
      return running
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight])
      return settled
    },
    start() {
      timer ??= setInterval(() => {
        scheduler.tick().catch((error) => deps.logger?.error('alert check failed', { error: String(error) }))
      }, cfg.ALERT_INTERVAL_SECONDS * 1000)
      ;(timer as { unref?: () => void }).unref?.()
      return scheduler
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
  return scheduler
}

/** Starts the loop for the Node server when a webhook is configured; returns null otherwise. */
export function startAlerts(deps: { db: Db; config: Config; intents?: { routes: Record<string, string> } }): AlertScheduler | null {
  if (!deps.config.ALERT_WEBHOOK_URL) return null
  const complaintIntents = Object.keys(deps.intents?.routes ?? {}).filter((name) => /complaint/.test(name))
  const logger = createLogger({ level: deps.config.LOG_LEVEL })
  return createAlertScheduler({ db: deps.db, config: deps.config, complaintIntents, logger }).start()
}

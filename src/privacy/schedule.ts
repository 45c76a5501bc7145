/** The Node server's retention job: purge every PRIVACY_PURGE_INTERVAL_MINUTES (never two at once). */
import type { AppDeps } from '../deps.js'
import { purge, type PurgeReport } from './retention.js'

export function startPrivacySchedule(deps: Pick<AppDeps, 'db' | 'config'>, onReport?: (r: PurgeReport) => void): () => void {
  const minutes = deps.config.PRIVACY_PURGE_INTERVAL_MINUTES
  if (!minutes) return () => {}
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      const report = await purge(deps)
      onReport?.(report)
      const removed = report.tenants.reduce((n, t) => n + t.ephemeral + Object.values(t.tables).reduce((a, b) => a + b, 0), 0)
      if (removed && deps.config.LOG_LEVEL !== 'silent') console.log(JSON.stringify({ level: 'info', msg: 'privacy purge', removed, tenants: report.tenants.length }))
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'privacy purge failed', error: String((error as Error)?.message ?? error) }))
    } finally {
      running = false
    }
  }
  const first = setTimeout(tick, 5_000)
  const timer = setInterval(tick, minutes * 60_000)
  first.unref?.()
  timer.unref?.()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}

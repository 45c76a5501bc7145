/**
 * Node only: how busy the event loop was since the previous scrape, and how long ready work
 * waited for it. Turns are CPU-bound between their awaits: utilization near 1 means the process is
 * saturated and requests queue for CPU; a long delay means some task held the loop.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { Registry } from './registry.js'

/** Sampling interval; it is subtracted, so an idle loop reports about 0. */
const RESOLUTION_MS = 10

export function watchEventLoop(registry: Registry): void {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  delay.enable()
  let since = performance.eventLoopUtilization()
  const delayGauge = registry.gauge(
    'parley_event_loop_delay_seconds',
    'Event-loop delay beyond the 10 ms sampling interval since the previous scrape: median, 99th percentile and maximum.',
    ['quantile'],
  )
  const utilization = registry.gauge('parley_event_loop_utilization', 'Share of the time since the previous scrape that the event loop was busy (0-1).')
  const beyond = (ns: number) => Math.round(Math.max(0, ns / 1e3 - RESOLUTION_MS * 1000)) / 1e6
  registry.collect(async () => {
    // No sample yet (a scrape right after start): report nothing rather than a made-up 0.
    if (delay.count > 0) {
      delayGauge.set({ quantile: '0.5' }, beyond(delay.percentile(50)))
      delayGauge.set({ quantile: '0.99' }, beyond(delay.percentile(99)))
      delayGauge.set({ quantile: 'max' }, beyond(delay.max))
    }
    delay.reset()
    const now = performance.eventLoopUtilization()
    utilization.set({}, Math.round(performance.eventLoopUtilization(now, since).utilization * 1000) / 1000)
    since = now
  })
}

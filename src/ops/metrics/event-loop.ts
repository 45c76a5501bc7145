/**
 * Node only: how long ready work waited for the event loop since the previous scrape. Turns are
 * CPU-bound between their awaits, so when this rises, requests queue behind each other's CPU
 * work, not behind the database or the model provider.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Registry } from './registry.js'

/** Sampling interval; it is subtracted, so an idle loop reports about 0. */
const RESOLUTION_MS = 10

export function watchEventLoop(registry: Registry): void {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  delay.enable()
  const gauge = registry.gauge(
    'parley_event_loop_delay_seconds',
    'Event-loop delay beyond the 10 ms sampling interval since the previous scrape: median, 99th percentile and maximum.',
    ['quantile'],
  )
  const beyond = (ns: number) => Math.round(Math.max(0, ns / 1e3 - RESOLUTION_MS * 1000)) / 1e6
  registry.collect(async () => {
    // No sample yet (a scrape right after start): report nothing rather than a made-up 0.
    if (delay.count > 0) {
      gauge.set({ quantile: '0.5' }, beyond(delay.percentile(50)))
      gauge.set({ quantile: '0.99' }, beyond(delay.percentile(99)))
      gauge.set({ quantile: 'max' }, beyond(delay.max))
    }
    delay.reset()
  })
}

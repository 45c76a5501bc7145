/** The Node entry's event-loop delay gauge: a loop blocked by CPU work shows, and each scrape starts afresh. */
import { describe, expect, it } from 'vitest'
import { Registry } from '../../src/ops/metrics/registry.js'
import { watchEventLoop } from '../../src/ops/metrics/event-loop.js'
import { parseMetrics, sample } from './prometheus.js'

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const block = (ms: number) => {
  const end = Date.now() + ms
  while (Date.now() < end);
}
const delay = async (r: Registry, quantile: string) => sample(parseMetrics(await r.render()), 'parley_event_loop_delay_seconds', { quantile })

describe('event-loop delay metric', () => {
  it('reports a loop held by synchronous work, then only what happened since the last scrape', async () => {
    const r = new Registry()
    watchEventLoop(r)
    await tick(50)
    block(150)
    await tick(50)
    // The 150 ms the loop was held (minus the sampling interval) is the worst delay seen.
    expect(await delay(r, 'max')).toBeGreaterThanOrEqual(0.1)
    await tick(100)
    expect(await delay(r, 'max')).toBeLessThan(0.1)
  })

  it('reports the share of time the loop was busy since the last scrape', async () => {
    const r = new Registry()
    watchEventLoop(r)
    await r.render()
    block(200)
    await tick(20)
    const busy = sample(parseMetrics(await r.render()), 'parley_event_loop_utilization', {})
    // 200 ms of synchronous work in about 220 ms: the loop was busy most of the time.
    expect(busy).toBeGreaterThan(0.5)
    expect(busy).toBeLessThanOrEqual(1)
  })
})

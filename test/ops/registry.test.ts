/** The Prometheus registry's text format: counters, cumulative histogram buckets, label escaping, collectors. */
import { describe, expect, it } from 'vitest'
import { Registry } from '../../src/ops/metrics/registry.js'
import { createTtlCache } from '../../src/ops/kpi/cache.js'
import { parseMetrics, sample } from './prometheus.js'

describe('Prometheus registry', () => {
  it('renders counters, gauges and histograms in the text format', async () => {
    const r = new Registry()
    const c = r.counter('x_total', 'Things.\nCounted', ['route'])
    const h = r.histogram('x_seconds', 'Latency.', ['route'], [0.1, 1, 0.5])
    c.inc({ route: '/a' })
    c.inc({ route: '/a' }, 2)
    c.inc({ route: 'say "hi"\\\n' })
    for (const v of [0.05, 0.3, 0.3, 2]) h.observe({ route: '/a' }, v)
    const text = await r.render()
    expect(text).toContain('# HELP x_total Things.\\nCounted\n# TYPE x_total counter\n')
    expect(text).toContain('x_total{route="say \\"hi\\"\\\\\\n"} 1')
    const m = parseMetrics(text)
    expect(sample(m, 'x_total', { route: '/a' })).toBe(3)
    expect(sample(m, 'x_total', { route: 'say "hi"\\\n' })).toBe(1)
    // Buckets are sorted and cumulative; +Inf is the count.
    expect([0.1, 0.5, 1].map((le) => sample(m, 'x_seconds_bucket', { route: '/a', le: String(le) }))).toEqual([1, 3, 3])
    expect(sample(m, 'x_seconds_bucket', { route: '/a', le: '+Inf' })).toBe(4)
    expect(sample(m, 'x_seconds_count', { route: '/a' })).toBe(4)
    expect(sample(m, 'x_seconds_sum', { route: '/a' })).toBeCloseTo(2.65)
    expect(() => c.inc({}, -1)).toThrow()
    expect(() => r.counter('x_total', 'again')).toThrow(/twice/)
  })

  it('refreshes gauges through collectors and reports failing collectors', async () => {
    const r = new Registry()
    const g = r.gauge('depth', 'Queue depth.', ['tenant'])
    let n = 0
    r.collect(async () => {
      g.reset()
      g.set({ tenant: 't' }, ++n)
    })
    r.collect(async () => {
      throw new Error('db down')
    })
    expect(sample(parseMetrics(await r.render()), 'depth', { tenant: 't' })).toBe(1)
    const m = parseMetrics(await r.render())
    expect(sample(m, 'depth', { tenant: 't' })).toBe(2)
    expect(sample(m, 'parley_scrape_collector_errors', {})).toBe(1)
  })

  it('folds label sets beyond the series cap into "other"', async () => {
    const r = new Registry()
    const c = r.counter('many_total', 'Many.', ['id'])
    for (let i = 0; i < 2100; i++) c.inc({ id: String(i) })
    const m = parseMetrics(await r.render())
    expect(sample(m, 'many_total', { id: 'other' })).toBe(100)
    expect(sample(m, 'many_total', { id: '1999' })).toBe(1)
  })
})

describe('analytics TTL cache', () => {
  it('computes once per key within the TTL, again after it, and forgets failures', async () => {
    let clock = 0
    const cache = createTtlCache<number>({ ttlMs: 300_000, now: () => clock })
    let calls = 0
    const compute = async () => ++calls
    expect((await cache.get('k', compute)).value).toBe(1)
    clock = 299_999
    expect(await cache.get('k', compute)).toMatchObject({ value: 1, cached: true })
    clock = 300_000
    expect(await cache.get('k', compute)).toMatchObject({ value: 2, cached: false })
    await expect(cache.get('bad', async () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect((await cache.get('bad', compute)).value).toBe(3)
  })
})

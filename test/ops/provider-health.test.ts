import { describe, expect, it } from 'vitest'
import { createProviderHealth } from '../../src/ops/provider-health.js'

describe('provider health tracker', () => {
  const minutes = (n: number) => n * 60_000

  it('is ok with no failures', () => {
    expect(createProviderHealth(() => 0).snapshot()).toEqual({ status: 'ok', fallbacks_last_5m: 0 })
  })

  it('is degraded while fallbacks of the last five minutes are recorded, with the latest stage and kind', () => {
    let now = Date.UTC(2026, 0, 1)
    const health = createProviderHealth(() => now)
    health.record({ stage: 'sentiment', kind: 'auth' })
    now += minutes(1)
    health.record({ stage: 'answer', kind: 'timeout' })
    expect(health.snapshot()).toEqual({
      status: 'degraded',
      fallbacks_last_5m: 2,
      last_failure: { stage: 'answer', at: new Date(now).toISOString(), kind: 'timeout' },
    })
  })

  it('ages old failures out of the window, and keeps naming the last one', () => {
    let now = 0
    const health = createProviderHealth(() => now)
    health.record({ stage: 'intent', kind: 'server' })
    now = minutes(3)
    health.record({ stage: 'answer', kind: 'rate_limit' })
    now = minutes(5) + 1
    expect(health.snapshot()).toMatchObject({ status: 'degraded', fallbacks_last_5m: 1 })
    now = minutes(8) + 1
    expect(health.snapshot()).toEqual({ status: 'ok', fallbacks_last_5m: 0, last_failure: { stage: 'answer', at: new Date(minutes(3)).toISOString(), kind: 'rate_limit' } })
  })

  it('keeps bounded memory under a flood of failures', () => {
    const health = createProviderHealth(() => 0)
    for (let i = 0; i < 5000; i++) health.record({ stage: 'answer', kind: 'server' })
    expect(health.snapshot()).toMatchObject({ status: 'degraded', fallbacks_last_5m: 1000 })
  })
})

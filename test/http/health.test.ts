import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import type { AppDeps } from '../../src/deps.js'
import { ProviderError } from '../../src/models/openai/errors.js'
import { createOps } from '../../src/ops/index.js'
import { createProviderHealth } from '../../src/ops/provider-health.js'
import { call, createTestApp, type TestApp } from '../support/app.js'

describe('/healthz reports the provider', () => {
  let t: TestApp
  let now = Date.UTC(2026, 0, 1)
  let deps: AppDeps
  let app: TestApp['app']
  beforeAll(async () => {
    t = await createTestApp('pglite')
    deps = { ...t.deps, providerHealth: createProviderHealth(() => now) }
    app = createApp(deps)
  })
  afterAll(() => t?.close())

  it('ok with no recent fallbacks', async () => {
    const res = await call(app, 'GET', '/healthz')
    expect([res.status, res.body]).toEqual([200, { status: 'ok', database: 'pglite', provider: { name: 'local', status: 'ok', fallbacks_last_5m: 0 } }])
  })

  it('degraded, still 200, after a fallback, with its stage and kind but not its message; ok again once it ages out', async () => {
    // The hook a turn calls when a stage's provider failed (the handoff summary test goes through a real turn).
    const hooks = createOps(deps, { log: () => {} }).withStageHook('req-1', () => 'demo')
    hooks.onProviderFallback!({ stage: 'answer', error: new ProviderError('auth', 'answer.v1: 401 Incorrect API key provided: sk-live-abcdef123456') })

    const res = await call(app, 'GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      status: 'degraded',
      database: 'pglite',
      provider: { name: 'local', status: 'degraded', fallbacks_last_5m: 1, last_failure: { stage: 'answer', at: new Date(now).toISOString(), kind: 'auth' } },
    })
    expect(res.text).not.toMatch(/sk-|Incorrect/)

    now += 5 * 60_000 + 1
    expect((await call(app, 'GET', '/healthz')).body).toMatchObject({ status: 'ok', provider: { status: 'ok', fallbacks_last_5m: 0, last_failure: { stage: 'answer' } } })
  })
})

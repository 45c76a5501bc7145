/**
 * A tenant's own support hours (`npm run tenants -- hours …`, or its admins through
 * /v1/settings/support-hours) override the deployment's SUPPORT_HOURS for its handoffs only;
 * cleared, the tenant follows the deployment again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runTenantsCommand } from '../../src/cli/tenants.js'
import { startHarness, type Harness } from '../security/harness.js'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

describe('per-tenant support hours', () => {
  let h: Harness
  // Three days from now, 09:00-10:00 in Shanghai: closed whenever the test runs.
  const opening = new Date()
  opening.setUTCDate(opening.getUTCDate() + 3)
  opening.setUTCHours(1, 0, 0, 0)
  const spec = `${DAYS[opening.getUTCDay()]} 09:00-10:00`

  beforeAll(async () => {
    h = await startHarness('pglite', { RATE_LIMIT_ENABLED: 'false' })
  })
  afterAll(() => h?.dispose())

  async function handOff(tenant: 'acme' | 'globex', customer: string) {
    const token = h[tenant].pk
    const conversation = await h.conversation(token, customer)
    return (await (await h.post(token, customer, conversation, 'I want to talk to a person')).json()) as any
  }

  it('are set, shown and cleared from the command line, and checked before they are stored', async () => {
    expect(await runTenantsCommand(h.deps.db, ['hours', 'set', 'acme', spec, '--timezone', 'Asia/Shanghai'])).toEqual([`support hours of acme: ${spec} (Asia/Shanghai)`])
    expect(await runTenantsCommand(h.deps.db, ['hours', 'show', 'acme'])).toEqual([`support hours of acme: ${spec} (Asia/Shanghai)`])
    expect(await runTenantsCommand(h.deps.db, ['hours', 'show', 'globex'])).toEqual(["support hours of globex: the deployment's (SUPPORT_HOURS)"])
    await expect(runTenantsCommand(h.deps.db, ['hours', 'set', 'acme', 'Mon 18:00-09:00'])).rejects.toThrow(/the span must run forward/)
    await expect(runTenantsCommand(h.deps.db, ['hours', 'set', 'acme', spec, '--timezone', 'Mars/Olympus'])).rejects.toThrow(/unknown time zone/)
    await expect(runTenantsCommand(h.deps.db, ['hours', 'set', 'nope', spec])).rejects.toThrow(/does not exist/)
    // The refused settings left the stored ones alone.
    expect(await runTenantsCommand(h.deps.db, ['hours', 'show', 'acme'])).toEqual([`support hours of acme: ${spec} (Asia/Shanghai)`])
  })

  it('apply to that tenant’s handoffs only, until cleared', async () => {
    const acme = await handOff('acme', 'hours-a1')
    expect(acme.handoff).toMatchObject({ priority: 'normal', available_from: opening.toISOString() })
    expect(acme.message).toContain('09:00 (GMT+8)')
    const globex = await handOff('globex', 'hours-g1')
    expect(globex.handoff.available_from).toBeUndefined()
    expect(globex.message).toContain('A person will reply here shortly')

    await runTenantsCommand(h.deps.db, ['hours', 'clear', 'acme'])
    expect((await handOff('acme', 'hours-a2')).handoff.available_from).toBeUndefined()
  })

  it('are managed by the tenant’s admins through the API, checked like the command line', async () => {
    const as = (token: string, method: string, body?: unknown) =>
      h.app.request('/v1/settings/support-hours', {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    expect(await (await as(h.acme.admin, 'GET')).json()).toEqual({ source: 'deployment', hours: null, timezone: 'UTC', next_opening: null })

    const put = await as(h.acme.admin, 'PUT', { hours: spec, timezone: 'Asia/Shanghai' })
    expect(put.status).toBe(200)
    expect(await (await as(h.acme.admin, 'GET')).json()).toEqual({ source: 'tenant', hours: spec, timezone: 'Asia/Shanghai', next_opening: opening.toISOString() })
    expect((await handOff('acme', 'hours-a3')).handoff.available_from).toBe(opening.toISOString())
    // The other tenant's admin sees and changes only their own.
    expect(await (await as(h.globex.admin, 'GET')).json()).toMatchObject({ source: 'deployment' })

    const bad = await as(h.acme.admin, 'PUT', { hours: 'Mon 18:00-09:00' })
    expect(bad.status).toBe(422)
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/)
    expect((await bad.json()).errors).toEqual([{ path: 'hours', message: '"Mon 18:00-09:00": the span must run forward within one day (00:00-24:00)' }])
    expect((await (await as(h.acme.admin, 'PUT', { hours: spec, timezone: 'Mars/Olympus' })).json()).errors[0].path).toBe('timezone')
    expect((await as(h.acme.admin, 'PUT', { hours: spec, extra: 1 })).status).toBe(422)
    // Agents work within the hours; only admins set them.
    expect((await as(h.acme.agent, 'GET')).status).toBe(403)
    expect((await as(h.acme.agent, 'PUT', { hours: spec })).status).toBe(403)

    expect((await as(h.acme.admin, 'DELETE')).status).toBe(204)
    expect(await (await as(h.acme.admin, 'GET')).json()).toMatchObject({ source: 'deployment', hours: null })
  })
})

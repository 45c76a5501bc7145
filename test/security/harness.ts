/** An app on a fresh test database, with two tenants (acme, globex), their keys and staff. */
import { loadConfig } from '../../src/config.js'
import { buildDeps } from '../../src/runtime.js'
import { createApp } from '../../src/app.js'
import { createApiKey, createStaff, createTenant } from '../../src/auth/credentials.js'
import type { Driver } from '../../src/db/client.js'
import { openTestDatabase } from '../support/db.js'

export async function startHarness(driver: Driver, env: Record<string, string> = {}) {
  const database = await openTestDatabase(driver)
  const config = loadConfig({ DEFAULT_TENANT: 'acme', ALLOW_ANONYMOUS: 'false', LOG_LEVEL: 'silent', ...env })
  const deps = await buildDeps(config, { database, seed: false })
  await createTenant(deps.db, 'globex')
  const acme = {
    pk: (await createApiKey(deps.db, 'acme', 'publishable', 'web')).key,
    sk: (await createApiKey(deps.db, 'acme', 'secret', 'server')).key,
    admin: (await createStaff(deps.db, 'acme', 'Ann', 'admin')).token,
    agent: (await createStaff(deps.db, 'acme', 'Andy', 'agent')).token,
  }
  const globex = {
    pk: (await createApiKey(deps.db, 'globex', 'publishable', 'web')).key,
    admin: (await createStaff(deps.db, 'globex', 'Gus', 'admin')).token,
    agent: (await createStaff(deps.db, 'globex', 'Gina', 'agent')).token,
  }
  const app = createApp(deps)
  const json = (token: string, customer?: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    ...(customer ? { 'x-customer-id': customer } : {}),
    ...extra,
  })
  return {
    app,
    deps,
    database,
    acme,
    globex,
    headers: json,
    async conversation(token: string, customer: string): Promise<string> {
      const res = await app.request('/v1/conversations', { method: 'POST', headers: json(token, customer), body: '{}' })
      if (res.status !== 201) throw new Error(`create conversation: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { id: string }).id
    },
    post(token: string, customer: string, conversationId: string, text: string, extra: Record<string, string> = {}) {
      return app.request(`/v1/conversations/${conversationId}/messages`, { method: 'POST', headers: json(token, customer, extra), body: JSON.stringify({ text }) })
    },
    dispose: () => database.dispose(),
  }
}

export type Harness = Awaited<ReturnType<typeof startHarness>>

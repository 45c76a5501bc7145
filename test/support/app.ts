/** The whole app in process, on a fresh database of the given driver, seeded with the demo KB. */
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { AppDeps } from '../../src/deps.js'
import type { Driver } from '../../src/db/client.js'
import { buildDeps } from '../../src/runtime.js'
import { openTestDatabase } from './db.js'

export interface TestApp {
  app: ReturnType<typeof createApp>
  deps: AppDeps
  close(): Promise<void>
}

export async function createTestApp(driver: Driver = 'pglite', env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase(driver)
  // Rate limits have their own tests; here one anonymous customer sends many requests on purpose.
  const config = loadConfig({ MEMORY_DB: 'true', LOG_LEVEL: 'silent', RATE_LIMIT_CUSTOMER_BURST: '100000', RATE_LIMIT_CUSTOMER_PER_MINUTE: '1000000', ...env })
  const deps = await buildDeps(config, { database })
  return { app: createApp(deps), deps, close: () => database.dispose() }
}

/** JSON request helper: returns status, headers and parsed body. */
export async function call(app: TestApp['app'], method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  return { status: res.status, headers: res.headers, body: json, text }
}

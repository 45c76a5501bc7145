/**
 * Headless Chromium for UI tests through playwright-core: the Debian `chromium` package
 * (CHROMIUM_PATH overrides). `findChromium()` returns null when no binary exists, so a test can
 * skip with a clear message instead of failing.
 */
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { TestApp } from './app.js'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium']

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return CANDIDATES.find((p) => existsSync(p)) ?? null
}

/** `findChromium()`, with a warning naming the tests that will be skipped when there is none. */
export function findChromiumOrWarn(skipped: string): string | null {
  const path = findChromium()
  if (!path) console.warn(`SKIPPING ${skipped}: no chromium binary (install Debian \`chromium\` or set CHROMIUM_PATH).`)
  return path
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** Serves a fetch handler on 127.0.0.1 with a free port. */
export async function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The app a browser suite drives; each field is set once the suite's beforeAll has run. */
export interface BrowserApp {
  t: TestApp
  /** Where the app listens on loopback, e.g. `http://127.0.0.1:40123`. */
  baseUrl: string
  browser: Browser
}

/**
 * Registers the hooks of a browser suite: beforeAll starts the app from `start`, serves it on
 * loopback and launches Chromium; afterAll closes all three. Call it inside a describe that is
 * skipped when `findChromiumOrWarn` found no browser.
 */
export function useBrowserApp(start: () => Promise<TestApp>): BrowserApp {
  const suite = {} as BrowserApp
  let server: Awaited<ReturnType<typeof listen>> | undefined
  beforeAll(async () => {
    suite.t = await start()
    server = await listen(suite.t.app.fetch)
    suite.baseUrl = server.url
    suite.browser = await launchChromium(findChromium()!)
  })
  afterAll(async () => {
    await suite.browser?.close()
    await server?.close()
    await suite.t?.close()
  })
  return suite
}

/**
 * What went wrong on a page while a test drove it: uncaught errors and console errors, and with
 * `httpErrors` every response of status 400 or more. A UI test asserts the list stays empty.
 */
export function pageErrors(page: Page, opts: { httpErrors?: boolean } = {}): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`)
  })
  if (opts.httpErrors) {
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`)
    })
  }
  return errors
}

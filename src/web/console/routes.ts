/**
 * GET /console: the agent console, a static page with its script and stylesheet (kept as string
 * modules so it also works bundled, e.g. on Workers). It sends its own security headers: a CSP
 * that allows only its own script, style and API calls.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../../deps.js'
import { consoleHtml } from './page.js'
import { consoleJs } from './script.js'
import { consoleCss } from './style.js'

const HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
}

export const consoleRoutes = new Hono<AppEnv>()
  .get('/console', (c) => c.body(consoleHtml, 200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }))
  .get('/console/console.js', (c) => c.body(consoleJs, 200, { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' }))
  .get('/console/console.css', (c) => c.body(consoleCss, 200, { ...HEADERS, 'content-type': 'text/css; charset=utf-8' }))

/**
 * GET /dashboard: the operations dashboard, a static page with its script and stylesheet (string
 * modules, so it also works bundled). The data comes from /v1/analytics/* with the supervisor's
 * token; the page's CSP allows only its own script, style and API calls.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../../deps.js'
import { dashboardHtml } from '../../web/dashboard/page.js'
import { dashboardJs } from '../../web/dashboard/script.js'
import { dashboardCss } from '../../web/dashboard/style.js'

const HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
}

export const dashboardRoutes = new Hono<AppEnv>()
  .get('/dashboard', (c) => c.body(dashboardHtml, 200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }))
  .get('/dashboard/dashboard.js', (c) => c.body(dashboardJs, 200, { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' }))
  .get('/dashboard/dashboard.css', (c) => c.body(dashboardCss, 200, { ...HEADERS, 'content-type': 'text/css; charset=utf-8' }))

/**
 * Serves a staff page (HTML, its script and its stylesheet, kept as string modules so they also
 * bundle for Workers) under its own strict headers: a CSP that allows only the page's own script,
 * style and API calls, no framing, no referrer.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../../deps.js'

const HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
}

export function staticPageRoutes(name: string, page: { html: string; js: string; css: string }) {
  return new Hono<AppEnv>()
    .get(`/${name}`, (c) => c.body(page.html, 200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }))
    .get(`/${name}/${name}.js`, (c) => c.body(page.js, 200, { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' }))
    .get(`/${name}/${name}.css`, (c) => c.body(page.css, 200, { ...HEADERS, 'content-type': 'text/css; charset=utf-8' }))
}

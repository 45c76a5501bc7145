/**
 * The customer-facing web pieces: `GET /widget.js` (the embeddable chat bubble) and `GET /chat`
 * (a full-page chat to try the bot). Mounted before the API's security headers, like the
 * console, because they send their own: the chat page runs a script, and widget.js is loaded
 * by other sites. Identity secrets are issued with `npx tsx src/web/widget/identity-cli.ts <tenant>`.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { sha256Hex } from '../../auth/secrets.js'
import { perLimit } from '../per-limit.js'
import { widgetJs } from '../../web/widget/index.js'
import { chatPage } from '../../web/chat/page.js'

interface Asset { js: string; gzip: Uint8Array<ArrayBuffer>; etag: string }

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** widget.js gzipped once per message limit, with its ETag; also what the README's size comes from. */
export const widgetAsset: (maxMessageChars: number) => Promise<Asset> = perLimit(async (maxMessageChars) => {
  const js = widgetJs(maxMessageChars)
  return { js, gzip: await gzip(js), etag: `"${(await sha256Hex(js)).slice(0, 20)}"` }
})

const COMMON = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' }
/** The chat page loads only its own script and talks only to its own origin. */
const CHAT_HEADERS = {
  ...COMMON,
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
}

const ChatQuery = z.object({ key: z.string().regex(/^pk_[\w-]{8,200}$/).optional(), lang: z.enum(['en', 'zh']).optional() })

export const widgetRoutes = new Hono<AppEnv>()
  .get('/widget.js', async (c) => {
    const { js, gzip, etag } = await widgetAsset(c.var.deps.config.MAX_MESSAGE_CHARS)
    const headers = {
      ...COMMON,
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'cross-origin-resource-policy': 'cross-origin',
      etag,
      vary: 'Accept-Encoding',
    }
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.body(gzip, 200, { ...headers, 'content-encoding': 'gzip' })
    return c.body(js, 200, headers)
  })
  .get('/chat', (c) => {
    // A malformed key or language is ignored (the page still works anonymously in the demo).
    const query = ChatQuery.safeParse({ key: c.req.query('key') || undefined, lang: c.req.query('lang') || undefined })
    const { key, lang } = query.success ? query.data : {}
    const html = chatPage({ lang, publishableKey: key, canChat: Boolean(key) || c.var.deps.config.ALLOW_ANONYMOUS })
    return c.body(html, 200, { ...CHAT_HEADERS, 'content-type': 'text/html; charset=utf-8' })
  })

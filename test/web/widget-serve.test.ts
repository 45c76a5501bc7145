/** GET /widget.js and GET /chat as served (the browser tests run them for real). */
import { gunzipSync } from 'node:zlib'
import { Script } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { createTestApp, type TestApp } from '../support/app.js'

describe('widget assets', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('pglite')
  })
  afterAll(async () => t?.close())

  it('serves widget.js as JavaScript, gzipped when asked, cacheable with an ETag', async () => {
    const plain = await t.app.request('/widget.js')
    expect(plain.status).toBe(200)
    expect(plain.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(plain.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    const body = await plain.text()
    expect(body).toContain('data-key')
    expect(() => new Script(body)).not.toThrow()
    expect(body).not.toContain('__PARLEY_CSS__')
    const gz = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    const zipped = Buffer.from(await gz.arrayBuffer())
    expect(gunzipSync(zipped).toString('utf8')).toBe(body)
    expect(zipped.byteLength).toBeLessThan(12_000)
    const again = await t.app.request('/widget.js', { headers: { 'if-none-match': plain.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('stops the message box at the server\'s MAX_MESSAGE_CHARS', async () => {
    const standard = await (await t.app.request('/widget.js')).text()
    expect(standard).toContain(`maxlength: '${t.deps.config.MAX_MESSAGE_CHARS}'`)
    expect(standard).not.toContain('__PARLEY_MAX_CHARS__')
    const shorter = createApp({ ...t.deps, config: { ...t.deps.config, MAX_MESSAGE_CHARS: 1200 } })
    const res = await shorter.request('/widget.js')
    expect(await res.text()).toContain("maxlength: '1200'")
    // Another script, so a cached copy of the other is not taken for it.
    expect(res.headers.get('etag')).not.toBe((await t.app.request('/widget.js')).headers.get('etag'))
  })

  it('serves /chat: a full page that loads the widget, with its own tight CSP', async () => {
    const res = await t.app.request('/chat?lang=zh')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toContain('<script src="/widget.js" data-mode="page" data-target="#chat" data-lang="zh"></script>')
    expect(html).toContain('lang="zh-CN"')
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('/chat ignores a malformed key instead of echoing it into the page', async () => {
    const html = await (await t.app.request('/chat?key=%22%3E%3Cscript%3Ealert(1)%3C/script%3E')).text()
    expect(html).not.toContain('alert(1)')
    expect(html).toContain('<script src="/widget.js"')
  })
})

/** The knowledge base as an ML engineer reads it: its documents page by page, and one with its chunks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, count, eq } from 'drizzle-orm'
import { createStaff } from '../../src/auth/credentials.js'
import { documents } from '../../src/db/schema/index.js'
import { DRIVERS } from '../support/db.js'
import { call, createTestApp, type TestApp } from '../support/app.js'

describe.each(DRIVERS)('knowledge-base documents over HTTP on %s', (driver) => {
  let t: TestApp
  let ml: Record<string, string>
  let agent: Record<string, string>
  beforeAll(async () => {
    t = await createTestApp(driver)
    const tenant = t.deps.config.DEFAULT_TENANT
    ml = { authorization: `Bearer ${(await createStaff(t.deps.db, tenant, 'Mo', 'ml')).token}` }
    agent = { authorization: `Bearer ${(await createStaff(t.deps.db, tenant, 'Al', 'agent')).token}` }
  })
  afterAll(async () => t?.close())
  const stored = async (lang?: string) => {
    const where = and(eq(documents.tenantId, t.deps.config.DEFAULT_TENANT), lang ? eq(documents.lang, lang) : undefined)
    return Number((await t.deps.db.select({ n: count() }).from(documents).where(where))[0].n)
  }

  it('lists every document once, in id order, page after page', async () => {
    expect(await stored()).toBeGreaterThan(2 * 7) // enough for several pages of 7
    const seen: string[] = []
    let after: string | null = null
    do {
      const res = await call(t.app, 'GET', `/v1/kb/documents?limit=7${after ? `&after_id=${encodeURIComponent(after)}` : ''}`, undefined, ml)
      expect(res.status).toBe(200)
      expect(res.body.documents.length).toBeLessThanOrEqual(7)
      seen.push(...res.body.documents.map((d: { id: string }) => d.id))
      after = res.body.next_after_id
    } while (after)
    expect(seen).toEqual([...seen].sort())
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toContain('returns-policy-en')
    expect(seen.length).toBe(await stored())
    const first = await call(t.app, 'GET', '/v1/kb/documents?limit=1', undefined, ml)
    expect(first.body.documents[0]).toEqual({ id: seen[0], title: expect.any(String), url: expect.stringMatching(/^https:/), lang: expect.stringMatching(/^(en|zh)$/), format: 'markdown', chunks: expect.any(Number), updated_at: expect.any(String) })
    expect(first.body.documents[0].chunks).toBeGreaterThan(0)
  })

  it('filters by language', async () => {
    const zh = await call(t.app, 'GET', '/v1/kb/documents?lang=zh&limit=200', undefined, ml)
    expect(zh.body.documents.length).toBe(await stored('zh'))
    expect(zh.body.documents.length).toBeLessThan(await stored())
    expect(zh.body.documents.every((d: { id: string; lang: string }) => d.lang === 'zh' && d.id.endsWith('-zh'))).toBe(true)
    expect(zh.body.next_after_id).toBeNull()
  })

  it('reads one document with its chunks in order, and 404s an unknown one', async () => {
    const res = await call(t.app, 'GET', '/v1/kb/documents/returns-policy-en', undefined, ml)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: 'returns-policy-en', lang: 'en', format: 'markdown', content_hash: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(res.body.chunks.map((c: { ordinal: number }) => c.ordinal)).toEqual(res.body.chunks.map((_: unknown, i: number) => i))
    expect(res.body.chunks.map((c: { text: string }) => c.text).join('\n')).toContain('30 days')
    const missing = await call(t.app, 'GET', '/v1/kb/documents/no-such-doc', undefined, ml)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
  })

  it('reads a document whose id has a slash, sent encoded', async () => {
    const up = await call(t.app, 'POST', '/v1/kb/documents', { id: 'faq/shipping', title: 'Shipping FAQ', text: 'We ship every weekday.' }, ml)
    expect(up.status).toBe(201)
    const res = await call(t.app, 'GET', `/v1/kb/documents/${encodeURIComponent('faq/shipping')}`, undefined, ml)
    expect(res.status).toBe(200)
    expect(res.body.chunks[0].text).toContain('every weekday')
  })

  it.each([['limit=0'], ['limit=1000'], ['lang=fr'], ['page=2'], ['limit=0x10'], ['limit=1e1'], ['limit=2.5']])('refuses ?%s with a problem, not a 500', async (query) => {
    const res = await call(t.app, 'GET', `/v1/kb/documents?${query}`, undefined, ml)
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body.detail).toBe('The query string does not match the schema.')
  })

  it('reads an empty ?limit= (a form left blank) as no limit', async () => {
    const all = await call(t.app, 'GET', '/v1/kb/documents', undefined, ml)
    const blank = await call(t.app, 'GET', '/v1/kb/documents?limit=', undefined, ml)
    expect(blank.status).toBe(200)
    expect(blank.body).toEqual(all.body)
  })

  const doc = { id: 'qa-doc', title: 'QA document', text: 'Gift cards never expire.' }
  it.each([
    ['NUL in metadata', { ...doc, metadata: { source: 'crm\u0000' } }, 'metadata.source'],
    ['an unpaired surrogate in a metadata key', { ...doc, metadata: { 'k\udc00': 1 } }, 'metadata'],
    ['NUL in the id', { ...doc, id: 'qa\u0000doc' }, 'id'],
    ['an unknown field', { ...doc, domain: 'dmv' }, '(root)'],
    ['text of only whitespace', { ...doc, text: ' \n\t ' }, 'text'],
    ['HTML of only a script', { ...doc, format: 'html', text: '<script>track()</script>' }, 'text'],
    ['a javascript: url', { ...doc, url: 'javascript:alert(1)' }, 'url'],
    ['a url with NUL', { ...doc, url: 'https://help.example/\u0000' }, 'url'],
  ])('refuses a document with %s with a problem, not a 500, storing nothing', async (_, body, path) => {
    const res = await call(t.app, 'POST', '/v1/kb/documents', body, ml)
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    expect(res.body.detail).toBe('The request body does not match the schema.')
    expect((await call(t.app, 'GET', `/v1/kb/documents/${doc.id}`, undefined, ml)).status).toBe(404)
  })

  it('refuses nesting deep enough to overflow the JSON encoder with a problem', async () => {
    const body = JSON.stringify({ ...doc, metadata: {} }).replace('{}', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`)
    const res = await call(t.app, 'POST', '/v1/kb/documents', body, ml)
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })

  it('cleans NUL and unpaired surrogates out of pasted text and title, and decodes bad HTML references to U+FFFD', async () => {
    const up = await call(t.app, 'POST', '/v1/kb/documents', { id: 'qa-pasted', title: 'Gift\u0000 cards\udc00', format: 'html', text: '<p>Gift\u0000 cards never expire &#0; &#99999999999; &#x110000; &#xD800;\udc00</p>' }, ml)
    expect(up.status).toBe(201)
    const res = await call(t.app, 'GET', '/v1/kb/documents/qa-pasted', undefined, ml)
    expect(res.body.title).toBe('Gift cards\uFFFD')
    expect(res.body.chunks.map((c: { text: string }) => c.text).join('\n')).toBe('Gift cards never expire \uFFFD \uFFFD \uFFFD \uFFFD\uFFFD')
    await call(t.app, 'DELETE', '/v1/kb/documents/qa-pasted', undefined, ml)
  })

  it('is for ML engineers and admins, not agents', async () => {
    expect((await call(t.app, 'GET', '/v1/kb/documents', undefined, agent)).status).toBe(403)
    expect((await call(t.app, 'GET', '/v1/kb/documents/returns-policy-en', undefined, agent)).status).toBe(403)
  })
})

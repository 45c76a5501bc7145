/**
 * Saved replies over the API: supervisors and admins write them, agents read them, every other
 * caller is refused; bad input is problem+json (400/422), a taken title 409, an unknown id 404;
 * a tenant never sees or touches another's; `?lang=` gives that language and the any-language ones;
 * each reply says who created it and who last changed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../src/auth/credentials.js'
import { call } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { startHarness, type Harness } from '../security/harness.js'

interface Reply {
  id: string
  title: string
  text: string
  lang: 'en' | 'zh' | null
  created_by: string | null
  updated_by: string | null
  created_at: string
  updated_at: string
}

describe.each(DRIVERS)('saved replies API on %s', (driver) => {
  let h: Harness
  let sup: { id: string; token: string }
  let ml: string
  const as = (token: string) => ({ authorization: `Bearer ${token}` })
  const req = (token: string, method: string, path: string, body?: unknown) => call(h.app, method, path, body, as(token))
  const create = (token: string, body: unknown) => req(token, 'POST', '/v1/agent/saved-replies', body)
  const list = async (token: string, query = ''): Promise<Reply[]> => {
    const res = await req(token, 'GET', `/v1/agent/saved-replies${query}`)
    expect(res.status).toBe(200)
    return res.body.saved_replies
  }
  const ids = (replies: Reply[]) => replies.map((r) => r.id)
  /** A problem+json answer with this status. */
  const expectProblem = (res: Awaited<ReturnType<typeof call>>, status: number) => {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body).toMatchObject({ status })
  }

  beforeAll(async () => {
    h = await startHarness(driver, { RATE_LIMIT_ENABLED: 'false' })
    sup = await createStaff(h.deps.db, 'acme', 'Sam Supervisor', 'supervisor')
    ml = (await createStaff(h.deps.db, 'acme', 'Mo', 'ml')).token
  })
  afterAll(() => h?.dispose())

  it('a supervisor creates, changes and deletes a saved reply; the agent sees each change', async () => {
    const made = await create(sup.token, { title: '  Refund   timeline ', text: 'Refunds reach your card within 5 business days.', lang: 'en' })
    expect(made.status).toBe(201)
    // The title is kept on one line, trimmed; the creator is recorded.
    expect(made.body).toMatchObject({ title: 'Refund timeline', text: 'Refunds reach your card within 5 business days.', lang: 'en', created_by: sup.id })
    expect(made.body.id).toMatch(/^[0-9a-f-]{36}$/)
    const id = made.body.id as string
    expect((await list(h.acme.agent)).find((r) => r.id === id)).toEqual(made.body)

    const changed = await req(sup.token, 'PATCH', `/v1/agent/saved-replies/${id}`, { text: 'Refunds take 3 to 5 business days.' })
    expect(changed.status).toBe(200)
    // Only what was sent changes.
    expect(changed.body).toMatchObject({ id, title: 'Refund timeline', text: 'Refunds take 3 to 5 business days.', lang: 'en' })
    expect(new Date(changed.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(made.body.updated_at).getTime())
    const relabelled = await req(sup.token, 'PATCH', `/v1/agent/saved-replies/${id}`, { title: 'Refund time', lang: null })
    expect(relabelled.body).toMatchObject({ id, title: 'Refund time', text: 'Refunds take 3 to 5 business days.', lang: null })
    expect((await list(h.acme.agent)).find((r) => r.id === id)).toMatchObject({ title: 'Refund time', lang: null })

    const deleted = await req(sup.token, 'DELETE', `/v1/agent/saved-replies/${id}`)
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    expect(ids(await list(h.acme.agent))).not.toContain(id)
    expectProblem(await req(sup.token, 'DELETE', `/v1/agent/saved-replies/${id}`), 404)
  })

  it('who last changed a reply: POST records the creator, a PATCH by a second supervisor records them and a later updated_at; GET shows both', async () => {
    const other = await createStaff(h.deps.db, 'acme', 'Sol Supervisor', 'supervisor')
    const made = await create(sup.token, { title: 'Warranty', text: 'Two years on every device.' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ created_by: sup.id, updated_by: sup.id })
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
    expect(made.body.created_at).toMatch(iso)
    expect(made.body.updated_at).toBe(made.body.created_at)
    const id = made.body.id as string

    await new Promise((r) => setTimeout(r, 20))
    const changed = await req(other.token, 'PATCH', `/v1/agent/saved-replies/${id}`, { text: 'Two years on every device, parts and labour.' })
    expect(changed.status).toBe(200)
    // The creator and the creation time stay; the editor and the change time are the second supervisor's.
    expect(changed.body).toMatchObject({ id, created_by: sup.id, updated_by: other.id, created_at: made.body.created_at })
    expect(changed.body.updated_at).toMatch(iso)
    expect(new Date(changed.body.updated_at).getTime()).toBeGreaterThan(new Date(made.body.updated_at).getTime())

    const listed = (await list(h.acme.agent)).find((r) => r.id === id)
    expect(listed).toEqual(changed.body)
    expect(listed).toMatchObject({ created_by: sup.id, updated_by: other.id, created_at: made.body.created_at, updated_at: changed.body.updated_at })
  })

  it('the list is ordered by title, ignoring case', async () => {
    for (const title of ['order: zebra', 'Order: apple', 'order: Mango']) expect((await create(sup.token, { title, text: title })).status).toBe(201)
    const titles = (await list(h.acme.agent)).map((r) => r.title).filter((t) => t.toLowerCase().startsWith('order: '))
    expect(titles).toEqual(['Order: apple', 'order: Mango', 'order: zebra'])
  })

  it('agents read but may not write; ml tokens, customers and anonymous callers get nothing', async () => {
    const made = await create(sup.token, { title: 'Agents cannot touch this', text: 'Original text.' })
    const id = made.body.id as string
    expectProblem(await create(h.acme.agent, { title: 'Agent made', text: 'Nope.' }), 403)
    expectProblem(await req(h.acme.agent, 'PATCH', `/v1/agent/saved-replies/${id}`, { text: 'Changed by an agent' }), 403)
    expectProblem(await req(h.acme.agent, 'DELETE', `/v1/agent/saved-replies/${id}`), 403)
    const seen = await list(h.acme.agent)
    expect(seen.find((r) => r.id === id)).toMatchObject({ text: 'Original text.' })
    expect(seen.map((r) => r.title)).not.toContain('Agent made')

    expectProblem(await req(ml, 'GET', '/v1/agent/saved-replies'), 403)
    expectProblem(await req(ml, 'POST', '/v1/agent/saved-replies', { title: 'ml made', text: 'Nope.' }), 403)
    expectProblem(await call(h.app, 'GET', '/v1/agent/saved-replies'), 401)
    expectProblem(await call(h.app, 'GET', '/v1/agent/saved-replies', undefined, { ...as(h.acme.sk), 'x-customer-id': 'c-1' }), 401)
    expectProblem(await call(h.app, 'POST', '/v1/agent/saved-replies', { title: 'customer made', text: 'Nope.' }, { ...as(h.acme.pk), 'x-customer-id': 'c-1' }), 401)
    expect((await list(h.acme.admin)).map((r) => r.title)).not.toContain('customer made')
  })

  it('an admin may write too', async () => {
    const made = await create(h.acme.admin, { title: 'Admin made', text: 'Hello from the admin.', lang: 'zh' })
    expect(made.status).toBe(201)
    expect((await req(h.acme.admin, 'PATCH', `/v1/agent/saved-replies/${made.body.id}`, { text: 'Changed.' })).body.text).toBe('Changed.')
    expect((await req(h.acme.admin, 'DELETE', `/v1/agent/saved-replies/${made.body.id}`)).status).toBe(204)
  })

  it.each([
    ['an empty title', { title: '', text: 'x' }, 'title'],
    ['a title of only spaces and line breaks', { title: ' \n\t ', text: 'x' }, 'title'],
    ['a title over 100 characters', { title: 't'.repeat(101), text: 'x' }, 'title'],
    ['an empty text', { title: 'Empty text', text: '' }, 'text'],
    ['a text of only zero-width spaces', { title: 'Blank text', text: '\u200b\u200b ' }, 'text'],
    ['a text over MAX_MESSAGE_CHARS', { title: 'Long text', text: 'x'.repeat(4001) }, 'text'],
    ['an unknown language', { title: 'French', text: 'Bonjour', lang: 'fr' }, 'lang'],
    ['a missing text', { title: 'No text' }, 'text'],
    ['a title that is not a string', { title: 42, text: 'x' }, 'title'],
    ['an unknown field', { title: 'Extra', text: 'x', shortcut: '/x' }, '(root)'],
  ])('POST with %s is a 422 naming the field, and nothing is stored', async (_, body, path) => {
    const before = (await list(sup.token)).length
    const res = await create(sup.token, body)
    expectProblem(res, 422)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    expect((await list(sup.token)).length).toBe(before)
  })

  it('limits: a 100-character title and a text of exactly MAX_MESSAGE_CHARS are taken', async () => {
    expect(h.deps.config.MAX_MESSAGE_CHARS).toBe(4000)
    const res = await create(sup.token, { title: 'T'.repeat(100), text: 'y'.repeat(4000) })
    expect(res.status).toBe(201)
    expect(res.body.title).toHaveLength(100)
    expect(res.body.text).toHaveLength(4000)
  })

  it('malformed requests: bad JSON is 400, a non-JSON body 415, an empty or invalid PATCH 422, a bad ?lang= 422', async () => {
    const made = await create(sup.token, { title: 'Patch target', text: 'Before.' })
    const id = made.body.id as string
    expectProblem(await call(h.app, 'POST', '/v1/agent/saved-replies', '{"title": "x", ', { ...as(sup.token), 'content-type': 'application/json' }), 400)
    expectProblem(await call(h.app, 'PATCH', `/v1/agent/saved-replies/${id}`, '{not json', { ...as(sup.token), 'content-type': 'application/json' }), 400)
    expectProblem(await call(h.app, 'POST', '/v1/agent/saved-replies', 'title=x', { ...as(sup.token), 'content-type': 'application/x-www-form-urlencoded' }), 415)
    const empty = await req(sup.token, 'PATCH', `/v1/agent/saved-replies/${id}`, {})
    expectProblem(empty, 422)
    expect(empty.body.errors[0].message).toContain('at least one of title, text, lang')
    for (const body of [{ title: '' }, { text: 'z'.repeat(4001) }, { lang: 'de' }, { id: 'other' }, { text: null }]) {
      expectProblem(await req(sup.token, 'PATCH', `/v1/agent/saved-replies/${id}`, body), 422)
    }
    expect((await list(sup.token)).find((r) => r.id === id)).toMatchObject({ title: 'Patch target', text: 'Before.' })
    const badLang = await req(h.acme.agent, 'GET', '/v1/agent/saved-replies?lang=fr')
    expectProblem(badLang, 422)
    expect(badLang.body.errors[0].path).toBe('lang')
    expectProblem(await req(h.acme.agent, 'GET', '/v1/agent/saved-replies?sort=title'), 422)
  })

  it('a title already taken in the tenant, in any case, is a 409 on create and on rename', async () => {
    const first = await create(sup.token, { title: 'Shipping times', text: 'Standard shipping takes 3-5 days.' })
    expect(first.status).toBe(201)
    for (const title of ['Shipping times', 'SHIPPING TIMES', ' shipping  times ']) {
      const dup = await create(h.acme.admin, { title, text: 'Another text.' })
      expectProblem(dup, 409)
      expect(dup.body.detail).toContain('already exists')
    }
    const other = await create(sup.token, { title: 'Shipping abroad', text: 'We ship to 30 countries.' })
    const renamed = await req(sup.token, 'PATCH', `/v1/agent/saved-replies/${other.body.id}`, { title: 'shipping Times' })
    expectProblem(renamed, 409)
    expect((await list(sup.token)).find((r) => r.id === other.body.id)?.title).toBe('Shipping abroad')
    // Renaming a reply to its own title in another case is no conflict.
    const recased = await req(sup.token, 'PATCH', `/v1/agent/saved-replies/${first.body.id}`, { title: 'Shipping Times' })
    expect(recased.status).toBe(200)
    expect(recased.body.title).toBe('Shipping Times')
    // Another tenant may use the same title.
    expect((await create(h.globex.admin, { title: 'Shipping times', text: 'Globex ships in 2 days.' })).status).toBe(201)
  })

  it('an unknown id is a 404 on PATCH and DELETE', async () => {
    for (const id of [crypto.randomUUID(), 'not-a-uuid']) {
      const patched = await req(sup.token, 'PATCH', `/v1/agent/saved-replies/${id}`, { text: 'x' })
      expectProblem(patched, 404)
      expect(patched.body.detail).toContain(id)
      expectProblem(await req(sup.token, 'DELETE', `/v1/agent/saved-replies/${id}`), 404)
    }
  })

  it("tenants never see or touch each other's saved replies", async () => {
    const acme = await create(sup.token, { title: 'Acme secret macro', text: 'Acme-only wording.' })
    const globex = await create(h.globex.admin, { title: 'Globex macro', text: 'Globex-only wording.' })
    expect(acme.status).toBe(201)
    expect(globex.status).toBe(201)

    const globexSees = await list(h.globex.agent)
    expect(ids(globexSees)).toContain(globex.body.id)
    expect(ids(globexSees)).not.toContain(acme.body.id)
    expect(JSON.stringify(globexSees)).not.toContain('Acme-only')
    const acmeSees = await list(h.acme.agent)
    expect(ids(acmeSees)).toContain(acme.body.id)
    expect(ids(acmeSees)).not.toContain(globex.body.id)

    // Another tenant's id is as unknown as a missing one, and stays as it was.
    expectProblem(await req(h.globex.admin, 'PATCH', `/v1/agent/saved-replies/${acme.body.id}`, { text: 'Hijacked' }), 404)
    expectProblem(await req(h.globex.admin, 'DELETE', `/v1/agent/saved-replies/${acme.body.id}`), 404)
    expect((await list(h.acme.agent)).find((r) => r.id === acme.body.id)).toMatchObject({ text: 'Acme-only wording.' })
  })

  it('?lang= lists that language and the any-language replies; without it, all', async () => {
    const en = (await create(sup.token, { title: 'Greeting (en)', text: 'Hello! How can I help?', lang: 'en' })).body.id as string
    const zh = (await create(sup.token, { title: 'Greeting (zh)', text: '您好！有什么可以帮您？', lang: 'zh' })).body.id as string
    const any = (await create(sup.token, { title: 'Order number', text: 'ORD-12345' })).body.id as string
    const anyNull = (await create(sup.token, { title: 'Sign-off', text: 'Thanks!', lang: null })).body.id as string

    const enList = await list(h.acme.agent, '?lang=en')
    expect(ids(enList)).toEqual(expect.arrayContaining([en, any, anyNull]))
    expect(ids(enList)).not.toContain(zh)
    expect(enList.every((r) => r.lang === 'en' || r.lang === null)).toBe(true)

    const zhList = await list(h.acme.agent, '?lang=zh')
    expect(ids(zhList)).toEqual(expect.arrayContaining([zh, any, anyNull]))
    expect(ids(zhList)).not.toContain(en)
    expect(zhList.every((r) => r.lang === 'zh' || r.lang === null)).toBe(true)

    expect(ids(await list(h.acme.agent))).toEqual(expect.arrayContaining([en, zh, any, anyNull]))
  })
})

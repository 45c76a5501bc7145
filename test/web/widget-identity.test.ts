/** Identity verification for the widget: X-User-Id + X-User-Hash = HMAC-SHA256(tenant secret, user id). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../src/db/client.js'
import { createApiKey } from '../../src/auth/credentials.js'
import { hmacSha256Hex } from '../../src/auth/secrets.js'
import { rotateIdentitySecret } from '../../src/auth/identity.js'
import { issueIdentitySecret } from '../../src/web/widget/identity-cli.js'
import { DRIVERS } from '../support/db.js'
import { call, createTestApp, type TestApp } from '../support/app.js'

describe.each(DRIVERS)('widget identity verification on %s', (driver) => {
  let t: TestApp
  let pk: string
  let secret: string
  const counts = async () => {
    const [row] = await queryRows<{ c: number; m: number }>(t.deps.db, sql`SELECT (SELECT count(*) FROM conversations)::int AS c, (SELECT count(*) FROM messages)::int AS m`)
    return row
  }
  const as = (userId: string, hash: string, customer = 'anon_browser1') => ({ authorization: `Bearer ${pk}`, 'x-customer-id': customer, 'x-user-id': userId, 'x-user-hash': hash })

  beforeAll(async () => {
    t = await createTestApp(driver, { ALLOW_ANONYMOUS: 'false', RATE_LIMIT_ENABLED: 'false' })
    pk = (await createApiKey(t.deps.db, 'demo', 'publishable', 'widget')).key
    secret = (await rotateIdentitySecret(t.deps.db, 'demo')).secret!
  })
  afterAll(async () => t?.close())

  it('a correct hash makes the customer user:<id>, the same on every device', async () => {
    const hash = await hmacSha256Hex(secret, 'u-42')
    const created = await call(t.app, 'POST', '/v1/conversations', {}, as('u-42', hash, 'anon_laptop'))
    expect(created.status).toBe(201)
    const [row] = await queryRows<{ customer_id: string }>(t.deps.db, sql`SELECT customer_id FROM conversations WHERE id = ${created.body.id}`)
    expect(row.customer_id).toBe('user:u-42')
    // Another browser of the same user (another anonymous id) sees it; an unverified caller does not.
    expect((await call(t.app, 'GET', `/v1/conversations/${created.body.id}`, undefined, as('u-42', hash.toUpperCase(), 'anon_phone'))).status).toBe(200)
    expect((await call(t.app, 'GET', `/v1/conversations/${created.body.id}`, undefined, { authorization: `Bearer ${pk}`, 'x-customer-id': 'anon_laptop' })).status).toBe(404)
  })

  it('a wrong hash is a clear 401 and stores nothing', async () => {
    const good = await hmacSha256Hex(secret, 'u-7')
    const created = await call(t.app, 'POST', '/v1/conversations', {}, as('u-7', good))
    const before = await counts()
    const wrong = await hmacSha256Hex(secret, 'u-8') // a valid hash, of someone else
    for (const [method, path, body] of [
      ['POST', '/v1/conversations', {}],
      ['POST', `/v1/conversations/${created.body.id}/messages`, { text: 'how do I return an item?' }],
      ['GET', `/v1/conversations/${created.body.id}`, undefined],
    ] as const) {
      const res = await call(t.app, method, path, body, as('u-7', wrong))
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
      expect(res.body).toEqual(expect.objectContaining({ status: 401, title: 'Unauthorized', detail: expect.stringContaining('X-User-Hash does not match') }))
    }
    expect(await counts()).toEqual(before)
  })

  it.each([
    ['a hash without a user id', { 'x-user-hash': 'a'.repeat(64) }, 401, /together/],
    ['a user id without a hash', { 'x-user-id': 'u-1' }, 401, /together/],
    ['a malformed hash', { 'x-user-id': 'u-1', 'x-user-hash': 'not-hex' }, 401, /does not match/],
    ['a malformed user id', { 'x-user-id': 'bad id!', 'x-user-hash': 'a'.repeat(64) }, 400, /X-User-Id/],
    ['an unverified id in the user: namespace', { 'x-customer-id': 'user:u-42' }, 401, /verified users/],
  ])('%s is refused', async (_name, headers, status, detail) => {
    const before = await counts()
    const res = await call(t.app, 'POST', '/v1/conversations', {}, { authorization: `Bearer ${pk}`, 'x-customer-id': 'anon_x', ...headers })
    expect(res.status).toBe(status)
    expect(res.body.detail).toMatch(detail)
    expect(await counts()).toEqual(before)
  })

  it('a secret key (server to server) may name any customer', async () => {
    const sk = (await createApiKey(t.deps.db, 'demo', 'secret', 'backend')).key
    expect((await call(t.app, 'POST', '/v1/conversations', {}, { authorization: `Bearer ${sk}`, 'x-customer-id': 'user:u-42' })).status).toBe(201)
  })

  it('rotating the secret (the CLI) makes old hashes fail; --required refuses unverified customers', async () => {
    const oldHash = await hmacSha256Hex(secret, 'u-9')
    const printed = await issueIdentitySecret(t.deps.db, ['demo', '--required'])
    secret = /: (idv_\w+)$/.exec(printed[0])![1]
    expect(printed[1]).toMatch(/required: yes/)
    expect((await call(t.app, 'POST', '/v1/conversations', {}, as('u-9', oldHash))).status).toBe(401)
    expect((await call(t.app, 'POST', '/v1/conversations', {}, as('u-9', await hmacSha256Hex(secret, 'u-9')))).status).toBe(201)
    const anonymous = await call(t.app, 'POST', '/v1/conversations', {}, { authorization: `Bearer ${pk}`, 'x-customer-id': 'anon_y' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.detail).toMatch(/requires identity verification/)
    await rotateIdentitySecret(t.deps.db, 'demo', { secret, required: false })
    expect((await call(t.app, 'POST', '/v1/conversations', {}, { authorization: `Bearer ${pk}`, 'x-customer-id': 'anon_y' })).status).toBe(201)
  })

  it('a tenant without a secret refuses identity headers', async () => {
    const other = (await createApiKey(t.deps.db, 'other-shop', 'publishable', 'widget')).key
    const res = await call(t.app, 'POST', '/v1/conversations', {}, { authorization: `Bearer ${other}`, 'x-customer-id': 'anon_z', 'x-user-id': 'u-1', 'x-user-hash': 'a'.repeat(64) })
    expect(res.status).toBe(401)
    expect(res.body.detail).toMatch(/not set up/)
  })
})

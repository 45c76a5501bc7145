/**
 * Tenants and customers are walled off: a key of one tenant, or another customer of the same
 * tenant, gets 404 for a conversation that is not theirs (nothing is revealed, nothing written),
 * and staff only ever see their own tenant's conversations, handoffs and knowledge base.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { DRIVERS } from '../support/db.js'
import { messages, handoffs, documents, idempotencyKeys } from '../../src/db/schema/index.js'
import { runTenantsCommand } from '../../src/cli/tenants.js'
import { startHarness, type Harness } from './harness.js'

describe.each(DRIVERS)('isolation on %s', (driver) => {
  let h: Harness
  let aliceConv: string
  const messageCount = async (conversationId: string) =>
    Number((await h.deps.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversationId)))[0].n)

  beforeAll(async () => {
    h = await startHarness(driver)
    aliceConv = await h.conversation(h.acme.pk, 'alice')
    const res = await h.post(h.acme.pk, 'alice', aliceConv, 'hello there')
    expect(res.status).toBe(200)
  })
  afterAll(() => h?.dispose())

  it('the owner reads and writes her conversation', async () => {
    const res = await h.app.request(`/v1/conversations/${aliceConv}`, { headers: h.headers(h.acme.pk, 'alice') })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { messages: unknown[] }).messages.length).toBeGreaterThanOrEqual(2)
  })

  it.each([
    ['another customer, same key', () => [h.acme.pk, 'bob']],
    ['another customer, secret key of the same tenant', () => [h.acme.sk, 'mallory']],
    ['the same customer id under another tenant', () => [h.globex.pk, 'alice']],
  ])('%s: 404 on read and on write, and nothing is stored', async (_, who) => {
    const [token, customer] = who()
    const before = await messageCount(aliceConv)
    const read = await h.app.request(`/v1/conversations/${aliceConv}`, { headers: h.headers(token, customer) })
    expect(read.status).toBe(404)
    expect(read.headers.get('content-type')).toContain('application/problem+json')
    const write = await h.post(token, customer, aliceConv, 'what did alice say?')
    expect(write.status).toBe(404)
    const keyed = await h.post(token, customer, aliceConv, 'what did alice say?', { 'idempotency-key': 'probe-1' })
    expect(keyed.status).toBe(404)
    expect(await messageCount(aliceConv)).toBe(before)
    expect(Number((await h.deps.db.select({ n: count() }).from(idempotencyKeys).where(eq(idempotencyKeys.key, 'probe-1')))[0].n)).toBe(0)
  })

  it('a customer a server names with its secret key cannot be reached by sending the same id from a web page', async () => {
    // The publishable key is public: anyone can send X-Customer-Id "crm-42" with it.
    const crmConv = await h.conversation(h.acme.sk, 'crm-42')
    expect((await h.post(h.acme.sk, 'crm-42', crmConv, 'Where is my order?')).status).toBe(200)
    expect((await h.app.request(`/v1/conversations/${crmConv}`, { headers: h.headers(h.acme.sk, 'crm-42') })).status).toBe(200)
    expect((await h.app.request(`/v1/conversations/${crmConv}`, { headers: h.headers(h.acme.pk, 'crm-42') })).status).toBe(404)
    expect((await h.post(h.acme.pk, 'crm-42', crmConv, 'what did they ask?')).status).toBe(404)
    // The server may still act for a web visitor, by the id the visitor's conversations are stored under.
    expect((await h.app.request(`/v1/conversations/${aliceConv}`, { headers: h.headers(h.acme.sk, 'visitor:alice') })).status).toBe(200)
  })

  it('a 404 for someone else’s conversation looks exactly like one for a conversation that does not exist', async () => {
    const other = await h.app.request(`/v1/conversations/${aliceConv}`, { headers: h.headers(h.globex.pk, 'alice') })
    const missing = await h.app.request('/v1/conversations/00000000-0000-0000-0000-000000000000', { headers: h.headers(h.globex.pk, 'alice') })
    const strip = (b: { instance?: string; detail?: string }) => ({ ...b, instance: undefined, detail: b.detail?.replace(/[0-9a-f-]{36}/, 'ID') })
    expect(strip(await other.json())).toEqual(strip(await missing.json()))
  })

  it('staff see their own tenant’s conversations, not another tenant’s', async () => {
    expect((await h.app.request(`/v1/conversations/${aliceConv}`, { headers: h.headers(h.acme.agent) })).status).toBe(200)
    expect((await h.app.request(`/v1/conversations/${aliceConv}`, { headers: h.headers(h.globex.admin) })).status).toBe(404)
  })

  it('staff tokens cannot post as a customer', async () => {
    const res = await h.post(h.acme.admin, 'alice', aliceConv, 'hi')
    expect(res.status).toBe(403)
  })

  it('knowledge base: search, listing, reading, upload and delete stay within the staff member’s tenant', async () => {
    const doc = { id: 'secret-plan', title: 'Zanzibarium plan', text: 'The zanzibarium discount code is ACME-ONLY-42 for loyal customers.' }
    const up = await h.app.request('/v1/kb/documents', { method: 'POST', headers: h.headers(h.acme.admin), body: JSON.stringify(doc) })
    expect(up.status).toBe(201)
    const search = async (token: string) => {
      const res = await h.app.request('/v1/kb/search?q=zanzibarium%20discount%20code', { headers: h.headers(token) })
      expect(res.status).toBe(200)
      return ((await res.json()) as { results: Array<{ doc_id: string; text: string }> }).results
    }
    expect((await search(h.acme.admin)).map((r) => r.doc_id)).toContain('secret-plan')
    const theirs = await search(h.globex.admin)
    expect(theirs.some((r) => r.doc_id === 'secret-plan' || r.text.includes('ACME-ONLY'))).toBe(false)
    expect((await h.app.request('/v1/kb/documents/secret-plan', { headers: h.headers(h.globex.admin) })).status).toBe(404)
    const listed = (await (await h.app.request('/v1/kb/documents?limit=200', { headers: h.headers(h.globex.admin) })).json()) as { documents: Array<{ id: string }> }
    expect(listed.documents.map((d) => d.id)).not.toContain('secret-plan')
    expect((await h.app.request('/v1/kb/documents/secret-plan', { method: 'DELETE', headers: h.headers(h.globex.admin) })).status).toBe(404)
    const stillThere = await h.deps.db.select({ id: documents.id }).from(documents).where(eq(documents.id, 'secret-plan'))
    expect(stillThere).toHaveLength(1)
    // Agents (not ml/admin) may not touch the knowledge base at all.
    expect((await h.app.request('/v1/kb/search?q=x', { headers: h.headers(h.acme.agent) })).status).toBe(403)
  })

  it('handoffs of one tenant are invisible to another tenant’s agents', async (ctx) => {
    const conv = await h.conversation(h.acme.pk, 'carol')
    const res = await h.post(h.acme.pk, 'carol', conv, 'I want to talk to a human agent right now')
    const reply = (await res.json()) as { route: string; handoff?: { id: string } }
    expect(reply.route).toBe('handoff')
    const handoffId = reply.handoff!.id
    expect((await h.deps.db.select().from(handoffs).where(eq(handoffs.id, handoffId)))).toHaveLength(1)
    const own = await h.app.request(`/v1/agent/handoffs/${handoffId}`, { headers: h.headers(h.acme.agent) })
    if (own.status === 404 && ((await own.clone().json()) as { detail: string }).detail.startsWith('No route')) ctx.skip()
    expect(own.status).toBe(200)
    expect((await h.app.request(`/v1/agent/handoffs/${handoffId}`, { headers: h.headers(h.globex.agent) })).status).toBe(404)
    const queue = await h.app.request('/v1/agent/handoffs', { headers: h.headers(h.globex.agent) })
    expect(queue.status).toBe(200)
    expect(JSON.stringify(await queue.json())).not.toContain(handoffId)
    const claim = await h.app.request(`/v1/agent/handoffs/${handoffId}/claim`, { method: 'POST', headers: h.headers(h.globex.agent) })
    expect(claim.status).toBe(404)
    const reply2 = await h.app.request(`/v1/agent/handoffs/${handoffId}/reply`, { method: 'POST', headers: h.headers(h.globex.agent), body: JSON.stringify({ text: 'hi from globex' }) })
    expect([403, 404]).toContain(reply2.status)
  })

  it('a revoked key (tenants CLI) is refused at once', async () => {
    const [created] = await runTenantsCommand(h.deps.db, ['keys', 'create', 'acme', '--kind', 'publishable', '--name', 'temp'])
    const lines = await runTenantsCommand(h.deps.db, ['keys', 'create', 'acme', '--kind', 'secret'])
    const key = lines[1].split(': ')[1]
    const id = lines[0].split(' ')[3]
    expect(created).toMatch(/created publishable key/)
    expect((await h.app.request('/v1/conversations', { method: 'POST', headers: h.headers(key, 'dave') })).status).toBe(201)
    await runTenantsCommand(h.deps.db, ['keys', 'revoke', id])
    const after = await h.app.request('/v1/conversations', { method: 'POST', headers: h.headers(key, 'dave') })
    expect(after.status).toBe(401)
    await expect(runTenantsCommand(h.deps.db, ['keys', 'revoke', id])).rejects.toThrow(/no active key/)
    // A mistyped flag is refused rather than ignored (the key would have been named "secret key").
    await expect(runTenantsCommand(h.deps.db, ['keys', 'create', 'acme', '--kind', 'secret', '--nmae', 'ci'])).rejects.toThrow("Unknown option '--nmae'")
    await expect(runTenantsCommand(h.deps.db, ['keys', 'create', 'nope', '--kind', 'secret'])).rejects.toThrow(/does not exist/)
    await expect(runTenantsCommand(h.deps.db, ['staff', 'create', 'acme', 'Eve', '--role', 'root'])).rejects.toThrow(/--role/)
  })
})

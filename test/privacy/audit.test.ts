import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createStaff } from '../../src/auth/credentials.js'
import { migrate } from '../../src/db/migrate.js'
import { openPglite } from '../../src/db/pglite.js'
import { appendAudit, SYSTEM, verifyAudit } from '../../src/privacy/audit.js'
import { call, createTestApp, type TestApp } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { keySpec, SALT } from './helpers.js'

const run = promisify(execFile)

describe.each(DRIVERS)('access audit on %s', (driver) => {
  let t: TestApp
  let admin: { id: string; token: string }
  let agent: { id: string; token: string }
  let ml: { id: string; token: string }
  const as = (token: string, requestId?: string) => ({ authorization: `Bearer ${token}`, ...(requestId ? { 'x-request-id': requestId } : {}) })
  const audit = async (query: string) => (await call(t.app, 'GET', `/v1/audit${query}`, undefined, as(admin.token))).body.records

  beforeAll(async () => {
    t = await createTestApp(driver, { RATE_LIMIT_ENABLED: 'false', PRIVACY_KEYS: keySpec('k1'), PRIVACY_HASH_SALT: SALT })
    admin = await createStaff(t.deps.db, 'demo', 'Ada', 'admin')
    agent = await createStaff(t.deps.db, 'demo', 'Al', 'agent')
    ml = await createStaff(t.deps.db, 'demo', 'Mo', 'ml')
  })
  afterAll(async () => t?.close())

  it('records staff reads of a transcript with actor, role, object, time and request id; customers reading their own are not staff reads', async () => {
    const who = { 'x-customer-id': 'audit-1' }
    const id = (await call(t.app, 'POST', '/v1/conversations', undefined, who)).body.id
    await call(t.app, 'GET', `/v1/conversations/${id}`, undefined, who)
    expect((await call(t.app, 'GET', `/v1/conversations/${id}`, undefined, as(agent.token, 'req-read-1'))).status).toBe(200)
    const records = await audit(`?action=conversation.read&object_id=${id}`)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ actor: { kind: 'staff', id: agent.id, role: 'agent' }, action: 'conversation.read', object: { type: 'conversation', id }, request_id: 'req-read-1' })
    expect(Date.now() - new Date(records[0].at).getTime()).toBeGreaterThanOrEqual(0)
  })

  it('records knowledge-base changes, and filters by action prefix, actor and time', async () => {
    const doc = { id: 'audit-doc', title: 'Audit doc', text: 'Returns are accepted within 30 days of delivery.' }
    expect((await call(t.app, 'POST', '/v1/kb/documents', doc, as(ml.token))).status).toBe(201)
    expect((await call(t.app, 'DELETE', '/v1/kb/documents/audit-doc', undefined, as(ml.token))).status).toBe(204)
    const kb = await audit('?action=kb.*')
    expect(kb.map((r: { action: string }) => r.action)).toEqual(['kb.document.upsert', 'kb.document.delete'])
    expect(kb.every((r: { actor: { id: string } }) => r.actor.id === ml.id)).toBe(true)
    expect(await audit(`?actor_id=${ml.id}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([])
    const page = await call(t.app, 'GET', '/v1/audit?limit=1', undefined, as(admin.token))
    expect(page.body.records).toHaveLength(1)
    expect((await audit(`?after_seq=${page.body.next_after_seq}&limit=1`))[0].seq).toBe(page.body.next_after_seq + 1)
  })

  it('records the creation of staff tokens and API keys', async () => {
    const created = await audit('?action=staff_token.created')
    expect(created.map((r: { object: { id: string } }) => r.object.id)).toEqual(expect.arrayContaining([admin.id, agent.id, ml.id]))
    expect(JSON.stringify(created)).not.toMatch(/st_[0-9a-f]{16}/)
  })

  it('is for admins only and validates its query', async () => {
    expect((await call(t.app, 'GET', '/v1/audit', undefined, as(agent.token))).status).toBe(403)
    const bad = await call(t.app, 'GET', '/v1/audit?limit=0&from=yesterday', undefined, as(admin.token))
    expect(bad.status).toBe(422)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    expect((await call(t.app, 'GET', '/v1/audit?nope=1', undefined, as(admin.token))).status).toBe(422)
  })

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await appendAudit(t.deps.db, { tenantId: 'demo', actor: SYSTEM, action: 'test.event', object: { type: 'test' } })
    // drizzle wraps the database error; its cause is PostgreSQL's message.
    const refusal = (query: ReturnType<typeof sql>) => t.deps.db.execute(query).then(() => 'accepted', (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message))
    expect(await refusal(sql`UPDATE audit_log SET action = 'x'`)).toMatch(/audit_log is append-only: UPDATE refused/)
    expect(await refusal(sql`DELETE FROM audit_log`)).toMatch(/audit_log is append-only: DELETE refused/)
    expect(await refusal(sql`TRUNCATE audit_log`)).toMatch(/audit_log is append-only: TRUNCATE refused/)
  })

  it('verification passes on an intact chain and finds an altered and a removed record (as an owner disabling the trigger could)', async () => {
    for (let i = 0; i < 4; i++) await appendAudit(t.deps.db, { tenantId: 'acme', actor: SYSTEM, action: 'test.event', object: { type: 'test', id: String(i) }, detail: { i, nested: { b: 1, a: [1, 2] } } })
    const ok = await verifyAudit(t.deps.db, { pageSize: 3 })
    expect(ok.ok).toBe(true)
    expect(ok.heads.acme.seq).toBe(4)

    await t.deps.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`)
    try {
      await t.deps.db.execute(sql`UPDATE audit_log SET detail = '{"i": 99}'::jsonb WHERE tenant_id = 'acme' AND seq = 2`)
      const altered = await verifyAudit(t.deps.db)
      expect(altered.problems).toEqual([{ tenantId: 'acme', seq: 2, problem: expect.stringMatching(/altered/) }])
      await t.deps.db.execute(sql`DELETE FROM audit_log WHERE tenant_id = 'acme' AND seq = 3`)
      const removed = await verifyAudit(t.deps.db)
      expect(removed.ok).toBe(false)
      expect(removed.problems).toContainEqual({ tenantId: 'acme', seq: 4, problem: expect.stringMatching(/1 record\(s\) missing/) })
      // Other tenants' chains are unaffected.
      expect(removed.problems.every((p) => p.tenantId === 'acme')).toBe(true)
    } finally {
      await t.deps.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`)
    }
  })
})

describe('npm run audit:verify', () => {
  it('exits 0 on an intact chain and 1, naming the record, after one is altered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-audit-'))
    try {
      const database = await openPglite({ dataDir: dir })
      await migrate(database)
      for (let i = 0; i < 3; i++) await appendAudit(database.db, { tenantId: 'demo', actor: SYSTEM, action: 'test.event', object: { type: 'test', id: String(i) } })
      await database.close()
      const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' }
      const cli = ['tsx', 'src/cli/audit-verify.ts']
      const good = await run('npx', cli, { env })
      expect(good.stdout).toMatch(/audit chain intact \(3 records\)/)

      const again = await openPglite({ dataDir: dir })
      await again.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`)
      await again.db.execute(sql`UPDATE audit_log SET object_id = 'forged' WHERE seq = 2`)
      await again.close()
      const bad = await run('npx', cli, { env }).then(() => null, (error: { code: number; stderr: string; stdout: string }) => error)
      expect(bad?.code).toBe(1)
      expect(bad?.stderr).toMatch(/tenant demo, record 2: content does not match its hash/)
      const usage = await run('npx', [...cli, '--fix'], { env }).then(() => null, (error: { code: number; stderr: string }) => error)
      expect([usage?.code, usage?.stderr.split('\n')[0]]).toEqual([2, "audit:verify: Unknown option '--fix'"])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

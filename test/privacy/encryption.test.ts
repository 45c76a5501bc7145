import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'
import { loadConfig } from '../../src/config.js'
import { listAudit } from '../../src/privacy/audit.js'
import { openVault } from '../../src/privacy/keys.js'
import { rotateKeys } from '../../src/privacy/rotate.js'
import { createVault, parseKeys } from '../../src/privacy/vault.js'
import { call } from '../support/app.js'
import { DRIVERS } from '../support/db.js'
import { createPreparedApp, dumpDatabase, email, keySpec, phone, SALT } from './helpers.js'

describe.each(DRIVERS)('encryption at rest on %s', (driver) => {
  let t: Awaited<ReturnType<typeof createPreparedApp>>
  const k1 = keySpec('k1')
  const k2 = keySpec('k2')
  const values = { phone: phone(), email: email() }
  const who = { 'x-customer-id': 'enc-1' }
  let conversationId: string
  const transcript = () => call(t.app, 'GET', `/v1/conversations/${conversationId}`, undefined, who)

  beforeAll(async () => {
    // This tenant's policy keeps phone numbers and e-mail addresses instead of masking them.
    t = await createPreparedApp(driver, { RATE_LIMIT_ENABLED: 'false', PRIVACY_KEYS: k1, PRIVACY_HASH_SALT: SALT }, (deps) => {
      deps.compliance = createComplianceEngine({ pii: { phone: 'keep', email: 'keep' } })
    })
    conversationId = (await call(t.app, 'POST', '/v1/conversations', undefined, who)).body.id
    const res = await call(t.app, 'POST', `/v1/conversations/${conversationId}/messages`, { text: `my number is ${values.phone} and my mail ${values.email}, how do I return an item?` }, who)
    expect(res.status).toBe(200)
    expect((await call(t.app, 'POST', `/v1/conversations/${conversationId}/messages`, { text: `still ${values.phone}, I want to talk to a person` }, who)).body.route).toBe('handoff')
  })
  afterAll(async () => t?.close())

  it('keeps the values readable through the API but absent from a raw dump', async () => {
    const dump = await dumpDatabase(t.deps.db)
    expect(dump).not.toContain(values.phone)
    expect(dump).not.toContain(values.email)
    expect(dump).toMatch(/⟦enc:k1:[\w-]+⟧/)
    const res = await transcript()
    expect(res.status).toBe(200)
    expect(res.body.messages[0].text).toBe(`my number is ${values.phone} and my mail ${values.email}, how do I return an item?`)
  })

  it('re-encrypts every value under a new key; the old key can then go', async () => {
    t.deps.vault = await createVault({ keys: parseKeys(`${k1},${k2}`), activeKeyId: 'k2', salt: SALT })
    t.rebuild()
    const counts = await rotateKeys({ db: t.deps.db, vault: t.deps.vault, batchSize: 1 })
    expect(counts['messages.text']).toBeGreaterThanOrEqual(2)
    expect(counts['turns.compliance']).toBe(2)
    expect(counts['handoffs.packet']).toBe(1)
    const dump = await dumpDatabase(t.deps.db)
    expect(dump).not.toContain('⟦enc:k1:')
    expect(dump).not.toContain(values.phone)
    expect(Object.values(await rotateKeys({ db: t.deps.db, vault: t.deps.vault, batchSize: 1 })).every((n) => n === 0)).toBe(true)

    t.deps.vault = await createVault({ keys: parseKeys(k2), salt: SALT })
    t.rebuild()
    expect((await transcript()).body.messages[0].text).toContain(values.phone)
  })

  it('answers a clear problem, never garbage, when the configured key is wrong', async () => {
    t.deps.vault = await createVault({ keys: parseKeys(keySpec('k2')), salt: SALT })
    t.rebuild()
    const res = await transcript()
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body.detail).toMatch(/key "k2" does not decrypt/)
    expect(res.text).not.toContain(values.phone)
    t.deps.vault = await createVault({ keys: parseKeys(k2), salt: SALT })
    t.rebuild()
  })

  it('without PRIVACY_KEYS, generates a key file under DATA_DIR once (mode 0600) and audits its creation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-keys-'))
    try {
      const config = loadConfig({ DATA_DIR: dir, DEFAULT_TENANT: 'keys-test' })
      const vault = await openVault(config, t.deps.db)
      const file = JSON.parse(await readFile(join(dir, 'privacy-keys.json'), 'utf8'))
      expect(Object.keys(file.keys)).toEqual([vault.activeKeyId])
      expect((await stat(join(dir, 'privacy-keys.json'))).mode & 0o777).toBe(0o600)
      const again = await openVault(config, t.deps.db)
      expect(await again.open(await vault.seal('x'))).toBe('x')
      const created = await listAudit(t.deps.db, 'keys-test', { action: 'privacy.key.created' })
      expect(created).toHaveLength(1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

import { describe, expect, it } from 'vitest'
import { createVault, parseKeys, VaultError } from '../../src/privacy/vault.js'
import { sealTurn } from '../../src/privacy/seal.js'
import { keySpec, SALT } from './helpers.js'
import { sha256Hex } from '../../src/auth/secrets.js'

const vaultFrom = (spec: string, active?: string) => createVault({ keys: parseKeys(spec), activeKeyId: active, salt: SALT })

describe('vault (AES-256-GCM through Web Crypto)', () => {
  it('seals a value into a token carrying its key id, and opens it back', async () => {
    const vault = await vaultFrom(keySpec('k1'))
    const token = await vault.seal('13812345678')
    expect(token).toMatch(/^⟦enc:k1:[\w-]+⟧$/)
    expect(token).not.toContain('13812345678')
    expect(await vault.seal('13812345678')).not.toBe(token) // fresh IV each time
    expect(await vault.open(`call ${token} today`)).toBe('call 13812345678 today')
    expect(await vault.openDeep({ a: [`x ${token}`], n: 1 })).toEqual({ a: ['x 13812345678'], n: 1 })
  })

  it('fails with a clear error on a wrong key, an unknown key id or an altered value; never returns garbage', async () => {
    const token = await (await vaultFrom(keySpec('k1'))).seal('secret')
    const other = await vaultFrom(keySpec('k1'))
    await expect(other.open(token)).rejects.toThrow(VaultError)
    await expect(other.open(token)).rejects.toThrow(/key "k1" does not decrypt/)
    await expect((await vaultFrom(keySpec('k2'))).open(token)).rejects.toThrow(/sealed with key "k1", which is not configured/)
    const mine = await vaultFrom(keySpec('k1'))
    const good = await mine.seal('secret')
    const at = good.indexOf(':', 6) + 10 // a character well inside the ciphertext
    const altered = good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1)
    await expect(mine.open(altered)).rejects.toThrow(VaultError)
  })

  it('reseals values under the active key only', async () => {
    const spec = keySpec('k1', 'k2')
    const old = await vaultFrom(spec, 'k1')
    const token = await old.seal('a@b.co')
    const current = await vaultFrom(spec, 'k2')
    const resealed = await current.reseal(`mail ${token}`)
    expect(resealed).toMatch(/^mail ⟦enc:k2:/)
    const onlyNew = await vaultFrom(spec.split(',')[1])
    expect(await onlyNew.open(resealed)).toBe('mail a@b.co')
  })

  it('rejects malformed key configuration', () => {
    expect(() => parseKeys('k1:c2hvcnQ=')).toThrow(/5 bytes; AES-256 needs 32/)
    expect(() => parseKeys('')).toThrow(/no keys/)
    expect(() => parseKeys(`${keySpec('k1')},${keySpec('k1')}`)).toThrow(/twice/)
    expect(() => parseKeys('nocolon')).toThrow(/<id>:<base64 key>/)
  })

  it('hashes customer ids with the salt: stable, tenant-scoped, not the id', async () => {
    const vault = await vaultFrom(keySpec('k1'))
    const h = await vault.subjectHash('demo', 'alice')
    expect(h).toBe(await vault.subjectHash('demo', 'alice'))
    expect(h).not.toBe(await vault.subjectHash('acme', 'alice'))
    expect(h).not.toContain('alice')
  })

  it('names values for a purpose with a keyed hash: stable, scoped to the purpose and the salt, never a subject hash', async () => {
    const vault = await vaultFrom(keySpec('k1'))
    const name = await vault.keyedHash('rate-limit', 'c:demo/alice')
    expect(name).toMatch(/^[0-9a-f]{64}$/)
    expect(name).toBe(await vault.keyedHash('rate-limit', 'c:demo/alice'))
    expect(name).not.toBe(await vault.keyedHash('other', 'c:demo/alice'))
    expect(name).not.toBe(await sha256Hex('c:demo/alice')) // a guessed id cannot be confirmed without the salt
    const otherSalt = await createVault({ keys: parseKeys(keySpec('k1')), salt: `${SALT}-other` })
    expect(name).not.toBe(await otherSalt.keyedHash('rate-limit', 'c:demo/alice'))
    expect(`sha256:${await vault.keyedHash('demo', 'alice')}`).not.toBe(await vault.subjectHash('demo', 'alice'))
  })

  it('seals compliance spans and every copy of their values in a turn record, and defuses imitation tokens', async () => {
    const vault = await vaultFrom(keySpec('k1'))
    const record = {
      customerText: 'call 13812345678 ⟦enc:k1:fake⟧',
      handoff: { packet: { summary: '- call 13812345678' } },
      turn: { compliance: [{ category: 'pii', ruleId: 'pii.phone', action: 'allow', spans: [{ start: 5, end: 16, text: '13812345678', type: 'phone' }] }] },
    }
    const sealed = await sealTurn(vault, record)
    expect(JSON.stringify(sealed)).not.toContain('13812345678')
    expect(sealed.customerText).toMatch(/^call ⟦enc:k1:[\w-]+⟧ \[enc:k1:fake⟧$/)
    expect(await vault.openDeep(sealed)).toEqual({ ...record, customerText: 'call 13812345678 [enc:k1:fake⟧' })
  })
})

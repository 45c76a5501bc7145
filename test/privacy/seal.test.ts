import { describe, expect, it } from 'vitest'
import { sealTurn } from '../../src/privacy/seal.js'
import { createVault } from '../../src/privacy/vault.js'

describe('sealing a turn record', () => {
  it('seals PII in texts but never inside identifiers that happen to contain it', async () => {
    const vault = await createVault({ keys: new Map([['k1', crypto.getRandomValues(new Uint8Array(32))]]), activeKeyId: 'k1', salt: 's' })
    const phone = '13812345678'
    const record = {
      tenantId: 'demo',
      conversationId: `c0ffee00-${phone}-4000-8000`,
      lang: 'zh',
      customerText: `我的电话是${phone}`,
      reply: { text: '好的', meta: {} },
      turn: { route: 'answer', compliance: [], retrieved: [{ chunkId: `chunk-${phone}`, docId: 'd', score: 1, similarity: 1 }] },
      handoff: null,
    }
    const sealed = await sealTurn(vault, record)
    expect(sealed.conversationId).toBe(record.conversationId)
    expect(sealed.turn.retrieved).toEqual(record.turn.retrieved)
    expect(sealed.customerText).not.toContain(phone)
    expect(await vault.openDeep(sealed.customerText)).toBe(record.customerText)
  })
})

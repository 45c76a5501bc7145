import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'
import { invalidVectors, validVectors } from '../../src/compliance/eval/pii-vectors.js'
import { detectPii } from '../../src/compliance/rules/pii.js'
import { cnIdCheckChar, ibanValid, luhnValid } from '../../src/compliance/rules/pii-validators.js'
import type { PiiType } from '../../src/compliance/types.js'

const types = (text: string) => detectPii(text).map((m) => `${m.type}:${m.text}`)
const NOW = new Date('2025-01-01T00:00:00Z')

describe('validators', () => {
  it('Luhn accepts known test cards and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true)
    expect(luhnValid('4111111111111112')).toBe(false)
  })
  it('MOD 11-2 computes the X check character', () => {
    expect(cnIdCheckChar('11010519491231002')).toBe('X')
  })
  it('IBAN mod 97 with country length', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32', { GB: 22 })).toBe(true)
    expect(ibanValid('GB82 WEST 1234 5698 7654 33', { GB: 22 })).toBe(false)
    expect(ibanValid('GB82 WEST 1234 5698 7654 32', { GB: 23 })).toBe(false)
  })
})

describe('generated vectors, every type, en and zh', () => {
  const valid = validVectors(40, 2024)
  const invalid = invalidVectors(40, 99)
  for (const type of ['email', 'phone', 'cn_id', 'bank_card', 'iban', 'passport', 'ip'] as PiiType[]) {
    for (const lang of ['en', 'zh'] as const) {
      it(`finds valid ${type} in ${lang}`, () => {
        const vs = valid.filter((v) => v.type === type && v.lang === lang)
        expect(vs.length).toBe(40)
        for (const v of vs) expect(types(v.text), v.text).toContain(`${type}:${v.value}`)
      })
    }
  }
  for (const type of ['cn_id', 'bank_card', 'iban'] as PiiType[]) {
    it(`rejects ${type} with a broken checksum (en and zh)`, () => {
      const vs = invalid.filter((v) => v.type === type)
      expect(vs.length).toBe(80)
      for (const v of vs) expect(detectPii(v.text, NOW).some((m) => m.type === type), v.text).toBe(false)
    })
  }
})

describe('specific cases', () => {
  it('Chinese resident ID needs a plausible birth date', () => {
    // 1990-02-30 does not exist; the check digit is made valid so only the date fails.
    const body = '11010519900230123'
    expect(detectPii(`身份证${body}${cnIdCheckChar(body)}`, NOW)).toEqual([])
    const ok = '11010519900228123'
    expect(types(`身份证${ok}${cnIdCheckChar(ok)}`)).toEqual([`cn_id:${ok}${cnIdCheckChar(ok)}`])
  })
  it('US passport digits only count near a passport keyword', () => {
    expect(types('my passport number is 123456789')).toEqual(['passport:123456789'])
    expect(types('护照号码：123456789')).toEqual(['passport:123456789'])
    expect(types('order 123456789 has not shipped')).toEqual([])
  })
  it('phones: mainland mobile with +86, landline, international', () => {
    expect(types('请打 +86 138 0013 8000 或 010-12345678')).toEqual(['phone:+86 138 0013 8000', 'phone:010-12345678'])
    expect(types('call +44 20 7946 0958')).toEqual(['phone:+44 20 7946 0958'])
    expect(types('fullwidth １３８００１３８０００')).toEqual(['phone:１３８００１３８０００'])
  })
  it('IPs validate octets; versions and times are not IPs', () => {
    expect(types('from 10.0.0.256 and 2001:db8::1')).toEqual(['ip:2001:db8::1'])
    expect(types('version 3.2.1 at 10:30:00, total 1,234.56')).toEqual([])
  })
})

describe('checkInput masks per policy', () => {
  it('masks by default and reports redact', async () => {
    const e = createComplianceEngine({})
    const r = await e.checkInput('我的手机号是13800138000，邮箱 li@qq.com', { lang: 'zh' })
    expect(r.action).toBe('redact')
    expect(r.masked).toBe('我的手机号是[PHONE]，邮箱 [EMAIL]')
    expect(r.text).toBe('我的手机号是13800138000，邮箱 li@qq.com')
  })
  it('block and keep follow the policy', async () => {
    const e = createComplianceEngine({ pii: { bank_card: 'block', email: 'keep' } })
    const r = await e.checkInput('card 4111 1111 1111 1111, mail me at a@b.com', { lang: 'en' })
    expect(r.action).toBe('block')
    expect(r.masked).toBe('card [BANK_CARD], mail me at a@b.com')
  })
})

import { describe, expect, it } from 'vitest'
import { truncate } from '../../src/text/truncate.js'

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('truncate', () => {
  it('leaves text that fits alone', () => {
    expect(truncate('hello', 5, '...')).toBe('hello')
    expect(truncate('', 3)).toBe('')
  })

  it('cuts to at most max code units, the ellipsis included', () => {
    expect(truncate('hello world', 8, '...')).toBe('hello...')
    expect(truncate('hello world', 5)).toBe('hello')
  })

  it('never cuts an emoji in half', () => {
    const emojis = '😀'.repeat(100)
    for (let max = 1; max < 20; max++) {
      const cut = truncate(emojis, max, '...')
      expect(cut, `max ${max}`).not.toMatch(LONE_SURROGATE)
      expect(cut.length).toBeLessThanOrEqual(max)
    }
    expect(truncate(`a${'😀'.repeat(3)}`, 3)).toBe('a😀')
    expect(truncate(`a${'😀'.repeat(3)}`, 4)).toBe('a😀')
    expect(truncate(`a${'😀'.repeat(3)}`, 5)).toBe('a😀😀')
  })

  it('keeps characters outside the surrogate range whole as before', () => {
    expect(truncate('退款多久到账', 4, '…')).toBe('退款多…')
  })
})

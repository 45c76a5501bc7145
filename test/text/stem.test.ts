import { describe, expect, it } from 'vitest'
import { stem } from '../../src/text/stem.js'

const meet = (...forms: string[]) => new Set(forms.map(stem)).size === 1

describe('stem', () => {
  it('makes the inflections of a word meet', () => {
    expect(meet('return', 'returns', 'returned', 'returning')).toBe(true)
    expect(meet('ship', 'ships', 'shipping', 'shipped')).toBe(true)
    expect(meet('charge', 'charges', 'charged', 'charging')).toBe(true)
    expect(meet('battery', 'batteries')).toBe(true)
    expect(meet('box', 'boxes')).toBe(true)
    expect(meet('address', 'addresses')).toBe(true)
  })

  it('makes the plural of a word ending in e meet its singular', () => {
    expect(meet('device', 'devices')).toBe(true)
    expect(meet('phone', 'phones')).toBe(true)
    expect(meet('take', 'takes')).toBe(true)
    expect(meet('code', 'codes')).toBe(true)
    expect(meet('value', 'values')).toBe(true)
    expect(meet('purchase', 'purchases')).toBe(true)
  })

  it('makes a word that ends in a doubled consonant meet its forms', () => {
    expect(meet('install', 'installs', 'installed', 'installing', 'installation')).toBe(true)
    expect(meet('call', 'calls', 'called', 'calling')).toBe(true)
    // A three-letter stem keeps its pair: "added" is not "ad".
    expect(meet('add', 'adds', 'added', 'adding')).toBe(true)
    expect(stem('added')).toBe('add')
  })

  it('keeps apart words that only end alike', () => {
    expect(stem('status')).toBe('status')
    expect(meet('note', 'not')).toBe(false)
  })
})

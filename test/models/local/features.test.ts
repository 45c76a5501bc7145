import { describe, expect, it } from 'vitest'
import { extractFeatures, featurize, hash32, hashFeatures } from '../../../src/models/local/features.js'

describe('hashed features', () => {
  it('extracts words, bigrams and bounded char n-grams for English', () => {
    const f = extractFeatures('Refunds arrived')
    expect(f.has('w:refund')).toBe(true) // stemmed
    expect(f.has('b:refund_arriv')).toBe(true)
    expect(f.has('c:<re')).toBe(true)
    expect(f.has('c:ved>')).toBe(true)
  })

  it('adds character n-grams across a word boundary only when asked, each with a letter on both sides', () => {
    expect(extractFeatures('my card').has('x:y c')).toBe(false)
    const cross = [...extractFeatures('my card', { crossChar: 1 }).keys()].filter((k) => k.startsWith('x:'))
    expect(cross).toEqual(expect.arrayContaining(['x:y c', 'x:my ca', 'x:y car']))
    for (const k of cross) expect(k).toMatch(/^x:[a-z0-9]+ [a-z0-9]+$/)
  })

  it('extracts Han characters, bigrams and segmented words for Chinese', () => {
    const f = extractFeatures('退款到账')
    expect(f.has('h:退')).toBe(true)
    expect(f.has('h:退款')).toBe(true)
    expect([...f.keys()].some((k) => k.startsWith('w:'))).toBe(true)
  })

  it('marks words in a negation scope only when asked, and the scope ends at punctuation', () => {
    expect(extractFeatures('not happy', { negation: true }).has('w:¬happy')).toBe(true)
    expect(extractFeatures('not happy').has('w:¬happy')).toBe(false)
    const f = extractFeatures('not bad, great', { negation: true })
    expect(f.has('w:¬bad')).toBe(true)
    expect(f.has('w:great')).toBe(true)
  })

  it('is deterministic and stays inside the hash space', () => {
    expect(hash32('abc')).toBe(hash32('abc'))
    expect(hash32('abc')).not.toBe(hash32('abd'))
    const v = hashFeatures(extractFeatures('where is my parcel, it is late'), 64)
    expect(Math.min(...v.indices)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...v.indices)).toBeLessThan(64)
    expect(new Set(v.indices).size).toBe(v.indices.length)
  })

  it('applies sublinear tf: repeating a word does not scale its weight linearly', () => {
    const once = hashFeatures(new Map([['w:x', 1]]), 1024, { signed: false })
    const ten = hashFeatures(new Map([['w:x', 10]]), 1024, { signed: false })
    expect(ten.values[0] / once.values[0]).toBeCloseTo(1 + Math.log(10), 5)
  })

  it('featurize returns a unit vector', () => {
    const v = featurize('my card has not arrived yet', 4096)
    expect(Math.hypot(...v.values)).toBeCloseTo(1, 5)
  })
})

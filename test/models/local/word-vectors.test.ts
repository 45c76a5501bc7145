import { describe, expect, it } from 'vitest'
import { textVector, wordVectors } from '../../../src/models/local/word-vectors.js'

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0)

describe('word vectors', () => {
  it('decodes unit rows keyed by the project stems, frequent stems first', () => {
    const wv = wordVectors()
    expect(wv.index.size).toBeGreaterThan(10_000)
    expect(wv.values.length).toBe(wv.index.size * wv.dim)
    const row = wv.index.get('refund')!
    const norm = Math.hypot(...wv.values.subarray(row * wv.dim, (row + 1) * wv.dim))
    expect(norm).toBeCloseTo(1, 4)
    // "returns", "returned", "returning" share the stem the tokenizer gives them.
    expect(wv.index.has('return')).toBe(true)
    expect(wv.index.get('time')!).toBeLessThan(wv.index.get('refund')!)
  })

  it('places texts about the same thing closer than texts about different things', () => {
    const swap = textVector('can I swap these bulbs for another colour')!
    const exchange = textVector('exchange an item for a different color')!
    const password = textVector('I forgot my password and cannot sign in')!
    expect(cosine(swap, exchange)).toBeGreaterThan(cosine(swap, password) + 0.1)
    const city = textVector('I live in Toronto')!
    expect(cosine(city, textVector('we ship to Canada')!)).toBeGreaterThan(cosine(city, textVector('reset the hub')!))
  })

  it('has no vector for text without known English words', () => {
    expect(textVector('我想退款')).toBeNull()
    expect(textVector('the and of')).toBeNull()
    expect(textVector('')).toBeNull()
  })
})

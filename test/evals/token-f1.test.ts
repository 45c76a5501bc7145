import { describe, expect, it } from 'vitest'
import { f1Tokens, tokenF1 } from '../../evals/metrics/token-f1.js'

describe('token F1', () => {
  it('reads English as words, lower-cased, without punctuation or articles', () => {
    expect(f1Tokens('The Cat, sat on a mat!')).toEqual(['cat', 'sat', 'on', 'mat'])
    expect(tokenF1('The cat sat on the mat.', 'cat sat on mat')).toBe(1)
    // common {5, business, days}: P = 3/5, R = 3/4, F1 = 2/3
    expect(tokenF1('Refunds take 5 business days', 'within 5 business days')).toBeCloseTo(2 / 3, 10)
  })

  it('reads Chinese one Han character at a time', () => {
    expect(f1Tokens('3个工作日')).toEqual(['3', '个', '工', '作', '日'])
    // pred 12 tokens, ref 8, all 8 shared: P = 2/3, R = 1, F1 = 0.8
    expect(tokenF1('退款将在3个工作日内到账', '3个工作日内退款')).toBeCloseTo(0.8, 10)
    expect(tokenF1('顺丰快递', '圆通快递')).toBeCloseTo(0.5, 10)
  })

  it('splits mixed text at the script boundary and folds full-width forms', () => {
    expect(f1Tokens('Lumen Home的App')).toEqual(['lumen', 'home', '的', 'app'])
    expect(f1Tokens('ＡＢＣ１２３')).toEqual(['abc123'])
  })

  it('counts repeated tokens once per occurrence', () => {
    // pred [yes, yes, yes], ref [yes]: common 1, P = 1/3, R = 1, F1 = 0.5
    expect(tokenF1('yes yes yes', 'yes')).toBeCloseTo(0.5, 10)
  })

  it('handles empty texts', () => {
    expect(tokenF1('', '')).toBe(1)
    expect(tokenF1('something', '')).toBe(0)
    expect(tokenF1('', 'something')).toBe(0)
    expect(tokenF1('!!!', 'no words')).toBe(0)
  })
})

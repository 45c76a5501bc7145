import { describe, expect, it } from 'vitest'
import { searchTerms, words } from '../../src/text/tokenize.js'

describe('chat shorthand', () => {
  it('is read as the words it stands for, in any case', () => {
    expect(words('ty')).toEqual(['thank', 'you'])
    expect(words('Pls check my ACCT')).toEqual(['please', 'check', 'my', 'account'])
    expect(searchTerms('do u ship to alaska')).toEqual(searchTerms('do you ship to alaska'))
  })
  it('leaves words that only start like shorthand alone', () => {
    expect(words('type plural usb')).toEqual(['type', 'plural', 'usb'])
  })
})

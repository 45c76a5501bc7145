import { describe, expect, it } from 'vitest'
import { parseZhNumeral } from '../../src/text/zh-numerals.js'

describe('parseZhNumeral', () => {
  it('reads tens, hundreds, thousands and ten-thousands, with 两 and inner zeros', () => {
    const cases: Array<[string, number]> = [
      ['七', 7], ['十', 10], ['十五', 15], ['二十', 20], ['九十九', 99], ['两', 2], ['一百零五', 105],
      ['两千', 2000], ['三万五千', 35000], ['一万零五百', 10500], ['零', 0], ['兩', 2],
    ]
    for (const [text, value] of cases) expect(parseZhNumeral(text), text).toBe(value)
  })

  it('refuses runs that are not one numeral: a list of digits, a repeated or rising unit, a bare magnitude', () => {
    for (const text of ['一二三', '十十', '十百', '万', '万五', '', '零十']) expect(parseZhNumeral(text), text).toBeNull()
  })
})

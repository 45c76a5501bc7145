/**
 * Chinese numerals as numbers: 十五 → 15, 二十 → 20, 一百零五 → 105, 两千 → 2000, 三万五千 → 35000.
 * Help centers write 七天无理由退货 where a reply may say 7 天, so both must read as 7.
 */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
const BIG_UNITS: Record<string, number> = { 万: 10_000, 萬: 10_000, 亿: 100_000_000, 億: 100_000_000 }

/** A run of numeral characters (a candidate for `parseZhNumeral`). */
export const ZH_NUMERAL = /[零〇一二两兩三四五六七八九十百千万萬亿億]+/g

/** The value of a whole numeral, or null when the characters do not form one (十十, 万五, 一二三). */
export function parseZhNumeral(text: string): number | null {
  if (!text) return null
  let total = 0
  let section = 0
  let digit: number | null = null
  let lastSmall = Infinity
  let lastBig = Infinity
  for (const ch of text) {
    if (ch in DIGITS) {
      // Two digits in a row read as a list (一二三), except after a zero (一百零五).
      if (digit !== null && digit !== 0) return null
      digit = DIGITS[ch]
    } else if (ch in SMALL_UNITS) {
      const unit = SMALL_UNITS[ch]
      if (unit >= lastSmall || digit === 0) return null
      // 十五 is 15: a bare 十 counts one ten.
      section += (digit ?? 1) * unit
      digit = null
      lastSmall = unit
    } else {
      const unit = BIG_UNITS[ch]
      if (unit >= lastBig || (section === 0 && digit === null)) return null
      total += (section + (digit ?? 0)) * unit
      section = 0
      digit = null
      lastSmall = Infinity
      lastBig = unit
    }
  }
  return total + section + (digit ?? 0)
}

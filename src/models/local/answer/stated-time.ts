/**
 * A time the customer states ("I got them 10 days ago", 包裹发出一个月了) is measured against the limits an
 * article gives: of "colour changes within 7 days" and "faulty items within 15 days", the limit that decides
 * a 10-day-old purchase is 15 days; a month-old parcel is past every limit, and the one it has just missed
 * (report within 15 days) is the answer.
 */

/** English number words a duration is written with ("an hour", "fifteen days"). */
export const EN_NUMBER: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, sixty: 60, ninety: 90 }
const ZH_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
/** Days per unit. A business day counts as a day: the limits compared come from one article. */
const UNIT_DAYS: Array<[RegExp, number]> = [
  [/^(minutes?|mins?|分钟)$/, 1 / 1440],
  [/^(hours?|hrs?|小时|个小时)$/, 1 / 24],
  [/^(days?|天|日|工作日|个工作日)$/, 1],
  [/^(weeks?|周|星期|个星期)$/, 7],
  [/^(months?|个月|月)$/, 30],
  [/^(years?|年)$/, 365],
]
const EN_DURATION = new RegExp(String.raw`\b(\d+|${Object.keys(EN_NUMBER).join('|')})\s*(?:business |working |calendar )?(minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b`, 'gi')
const ZH_DURATION = /(\d+|[一二两三四五六七八九十]+)\s*(个工作日|个小时|小时|个星期|星期|个月|工作日|分钟|天|日|周|月|年)/g

/** 十 = 10, 十五 = 15, 二十 = 20; digits as they are. */
function zhNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text)
  const ten = text.indexOf('十')
  if (ten < 0) return text.length === 1 ? ZH_DIGIT[text] : undefined
  const tens = ten === 0 ? 1 : ZH_DIGIT[text.slice(0, ten)]
  const ones = ten === text.length - 1 ? 0 : ZH_DIGIT[text.slice(ten + 1)]
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones
}

function inDays(count: number | undefined, unit: string): number | undefined {
  const per = UNIT_DAYS.find(([re]) => re.test(unit.toLowerCase()))?.[1]
  return count === undefined || per === undefined ? undefined : count * per
}

/** Every duration the text states, in days, in order ("3-5 days" counts as 3). */
export function durationsInDays(text: string): number[] {
  const found: Array<{ at: number; days: number }> = []
  for (const m of text.matchAll(EN_DURATION)) {
    const days = inDays(/^\d/.test(m[1]) ? Number(m[1]) : EN_NUMBER[m[1].toLowerCase()], m[2])
    if (days !== undefined) found.push({ at: m.index!, days })
  }
  for (const m of text.matchAll(ZH_DURATION)) {
    const days = inDays(zhNumber(m[1]), m[2])
    if (days !== undefined) found.push({ at: m.index!, days })
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.days)
}

/**
 * Of the limits an article gives, the one that decides a case the stated time old: the shortest that still
 * covers it or, when it is past them all, the longest it has missed. None when the article gives none.
 */
export function decidingLimit(stated: number, limits: number[]): number | undefined {
  const covering = limits.filter((l) => l >= stated)
  if (covering.length) return Math.min(...covering)
  return limits.length ? Math.max(...limits) : undefined
}

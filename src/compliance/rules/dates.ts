/**
 * Calendar dates as figures, whatever their notation: November 20, 20 Nov, 11/20, 2026-11-20,
 * 11月20日 and 十一月二十日 are one date. A reply's date must be a date in a source; a number of
 * days or a bare 20 does not vouch for it (see dateFigure).
 */
import data from '../data/grounding.json' with { type: 'json' }
import { parseZhNumeral } from '../../text/zh-numerals.js'
import type { Figure } from './figures.js'

/** Words before a Chinese numeral that make it an ordinal, a weekday, an estimate or no number (第三天, 周六日, 几千年, 进一步). */
export const NOT_ZH_FIGURE_AFTER = new RegExp(`(?:${data.zhNumeralNotAfter.join('|')})$`)
/** How far after N/N a word may make it a fraction ("1/2 cup"). */
const FRACTION_WINDOW = 80

/** Month names ("nov" → 11), and those that are words too unless capitalized ("may", "march"). */
const MONTHS = new Map(data.months.flatMap((names, i) => names.map((name) => [name.toLowerCase(), i + 1] as const)))
const CAPITALIZED = new Set(data.monthsCapitalized.map((name) => name.toLowerCase()))
const MONTH = `(?<!\\p{L})(${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?(?!\\p{L})`
/** A day of the month, maybe an ordinal (20th), not the start of a longer number, a time or a decimal. */
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\p{N}]|[.,:]\\p{N})'
const DAY_RANGE = `${DAY}(?:\\s*[-–—~]\\s*${DAY})?`
const YEAR = '((?:19|20)\\d{2})(?![\\p{L}\\p{N}]|[.,:/-]\\p{N})'
/** November 20, Nov. 20th, 2026, Nov 20–25: month, first day, last day, year. */
const DATE_MONTH_DAY = new RegExp(`${MONTH}\\s*(?:the\\s+)?${DAY_RANGE}(?:(?:,\\s*|\\s+)${YEAR})?`, 'giud')
/** 20 November 2026, the 20th of Nov, 20-25 Nov, 20-Nov-2026: first day, last day, month, year. */
const DATE_DAY_MONTH = new RegExp(`(?<![\\p{L}\\p{N}/:$¥]|\\p{N}[.,])${DAY_RANGE}(?:\\s+of)?(?:\\s+|\\s*-\\s*)${MONTH}(?:(?:,?\\s+|-)${YEAR})?`, 'giud')
/** 11/20, 11/20/2026, 11/20/26 (US order), alone: not in 1/2/3/4, 4.5/5 or 24/7/365. */
const DATE_NUMERIC = /(?<![\p{L}\p{N}/.,:$¥])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\p{N}/]|[.,:]\p{N})/dgu
/** 2026-11-20, 2026/11/20. */
const DATE_ISO = /(?<![\p{N}/.-])((?:19|20)\d{2})([-/])(\d{1,2})\2(\d{1,2})(?![\p{N}]|[-/.:]\p{N})/dgu
const ZH_DIGITS = '[一二三四五六七八九十]{1,3}'
const ZH_PART = `(\\d{1,2}|${ZH_DIGITS})`
/** 2026年11月20日, 11月20号, 十一月二十日, 11月20日至25日, 11月20-25日: year, month, first day, last day. */
const DATE_ZH = new RegExp(
  `(?:((?:19|20)\\d{2})\\s*年\\s*)?(?<![\\p{N}.零〇一二两兩三四五六七八九十百千])${ZH_PART}\\s*月\\s*${ZH_PART}\\s*(?:[日号號]\\s*)?(?:[-–—~至到]\\s*${ZH_PART}\\s*)?[日号號]`,
  'gud',
)
/** 3月, 3-5月 with digits: March, March to May (三个月 and 3个月 are three months; 三月 is no figure). */
const MONTH_ZH = /(?<![\p{N}.])(\d{1,2})(?:\s*[-–—~至到]\s*(\d{1,2}))?\s*月/dgu
/** Months a source names without a day: "in March", 三月. */
const MONTH_ALONE = new RegExp(`${MONTH}|(?<![零〇一二两兩三四五六七八九十百千])(${ZH_DIGITS})月`, 'giu')
const FRACTION_AFTER = new RegExp(`^\\s*-?\\s*(?:${[...data.fractionAfter, ...Object.values(data.units).flat()].join('|')})(?![a-z])`, 'i')
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** A month name's number, or null for a word that is a month only when capitalized ("may"). */
function monthNamed(name: string): number | null {
  const lower = name.toLowerCase()
  if (CAPITALIZED.has(lower) && name[0] === lower[0]) return null
  return MONTHS.get(lower) ?? null
}

/** A month or day written in digits or in Chinese numerals (11, 十一). */
function partValue(part: string | undefined): number | null {
  if (part === undefined) return null
  return /^\d+$/.test(part) ? Number(part) : parseZhNumeral(part)
}

function isDate(month: number | null, day: number | null): boolean {
  return month !== null && day !== null && month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]
}

/**
 * A date in a reply must be a date in a source: no number vouches for it ("20 days" is not November 20).
 * A source's date vouches for itself with and without its year (a reply need not repeat the year), for
 * its month (3月), its year (2026, 2026年) and its day ("by the 20th").
 */
function dateFigure(month: number, day: number, year: number | null): Pick<Figure, 'keys' | 'vouches'> {
  const md = `d:${month}-${day}`
  const full = year === null ? null : `d:${year}-${month}-${day}`
  return {
    keys: [full ?? md],
    vouches: [md, `m:${month}`, `n:${day}`, ...(full ? [full, `n:${year}`, `p:${year}`] : [])],
  }
}

function monthFigure(month: number): Pick<Figure, 'keys' | 'vouches'> {
  return { keys: [`m:${month}`], vouches: [`m:${month}`] }
}

/** The months a text names ("in March", 三月), each of which a source vouches for as a month of the year. */
export function monthsNamed(raw: string): number[] {
  const text = raw.normalize('NFKC')
  const months: number[] = []
  for (const m of text.matchAll(MONTH_ALONE)) {
    const month = m[1] ? monthNamed(m[1]) : NOT_ZH_FIGURE_AFTER.test(text.slice(Math.max(0, m.index - 8), m.index)) ? null : parseZhNumeral(m[2])
    if (month && month <= 12) months.push(month)
  }
  return months
}

interface Dated {
  start: number
  end: number
  figure: Pick<Figure, 'keys' | 'vouches'>
}

/**
 * The dates of a text (a range, Nov 20–25, as two: each end is a date), and the text with them
 * blanked, so that their months, days and years are read as no other figure.
 */
export function readDates(text: string): { dates: Dated[]; text: string } {
  // Every notation read here has a digit or 月 (most sentences have neither).
  if (!/\d|月/.test(text)) return { dates: [], text }
  let work = text
  const found: Dated[] = []
  const push = (start: number, end: number, figure: Dated['figure']) => found.push({ start, end, figure })
  const done = (start: number, end: number) => (work = work.slice(0, start) + ' '.repeat(end - start) + work.slice(end))
  // A range's first date ends with its first day, its last date starts with its last day.
  const dates = (m: RegExpMatchArray, month: number | null, days: Array<string | undefined>, year: number | null, dayGroups: number[]) => {
    const [first, last = null] = days.map(partValue)
    if (!isDate(month, first) || (last !== null && !isDate(month, last))) return
    const end = m.index! + m[0].length
    if (last === null) push(m.index!, end, dateFigure(month!, first!, year))
    else {
      push(m.index!, m.indices![dayGroups[0]][1], dateFigure(month!, first!, year))
      push(m.indices![dayGroups[1]][0], end, dateFigure(month!, last, year))
    }
    done(m.index!, end)
  }
  for (const m of work.matchAll(DATE_ISO)) dates(m, Number(m[3]), [m[4]], Number(m[1]), [4])
  for (const m of work.matchAll(DATE_ZH)) dates(m, partValue(m[2]), [m[3], m[4]], m[1] ? Number(m[1]) : null, [3, 4])
  for (const m of work.matchAll(DATE_MONTH_DAY)) dates(m, monthNamed(m[1]), [m[2], m[3]], m[4] ? Number(m[4]) : null, [2, 3])
  for (const m of work.matchAll(DATE_DAY_MONTH)) dates(m, monthNamed(m[3]), [m[1], m[2]], m[4] ? Number(m[4]) : null, [1, 2])
  for (const m of work.matchAll(DATE_NUMERIC)) {
    // "1/2 cup", "3/4 of the price", "1/2 hour": a fraction.
    if (!m[3] && FRACTION_AFTER.test(work.slice(m.index + m[0].length, m.index + m[0].length + FRACTION_WINDOW))) continue
    const year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : null
    dates(m, Number(m[1]), [m[2]], year, [2])
  }
  for (const m of work.matchAll(MONTH_ZH)) {
    const first = Number(m[1])
    const last = m[2] === undefined ? null : Number(m[2])
    // 13月 and more are not months of the year: read as a number of months, as before.
    if (first < 1 || first > 12 || (last !== null && (last < 1 || last > 12))) continue
    const end = m.index + m[0].length
    if (last === null) push(m.index, end, monthFigure(first))
    else {
      push(m.index, m.indices![1][1], monthFigure(first))
      push(m.indices![2][0], end, monthFigure(last))
    }
    done(m.index, end)
  }
  return { dates: found, text: work }
}

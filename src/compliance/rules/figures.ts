/**
 * Figures in a text (prices, fees, numbers of days, percentages, clock times, phone numbers) as
 * comparable values: 1,000 and 1000, 5.00 and 5, ５ and 5, 4 pm, 下午4点 and 16:00 are the same figure.
 * Arabic digits are figures, and numbers written in words before a unit: "five years", 十五天, 两个工作日.
 * Without a unit a number word is too often not a number (one of, 一下, 十分) to be read as a figure.
 * A calendar date is one figure, whatever its notation: November 20, 20 Nov, 11/20, 2026-11-20, 11月20日.
 */
import data from '../data/grounding.json' with { type: 'json' }
import type { Span } from '../types.js'
import { parseZhNumeral, ZH_NUMERAL } from '../../text/zh-numerals.js'
import { NOT_ZH_FIGURE_AFTER, readDates } from './dates.js'

export interface Figure extends Span {
  /**
   * In a reply, what it may be matched as: `n:<number>` for a plain number (any source stating the
   * value), `u:<unit>:<number>` or `p:<number>` for one with a unit (a source stating it with that
   * unit, or as a plain number), `t:<minutes after midnight>` for a clock time, `d:<month>-<day>` or
   * `d:<year>-<month>-<day>` for a date, `m:<month>` for a month of the year (3月).
   */
  keys: string[]
  /**
   * In a source, what it vouches for: its value (`n:`), its unit or plainness, what "9:00" also says (the
   * hour 9), what a date also says (its month and day without its year, its month, its year, its day).
   */
  vouches: string[]
  /** All its digits, for a phone-like number or any long run: matched without separators or country code. */
  digits?: string
  /** The numbers a run of digit groups is made of: it is also supported when each of them is. */
  parts?: Figure[]
}

/** Citation markers ([1], [1, 2], 【2】) are the reply's own apparatus, not figures. */
const MARKER = /[[【]\s*\d+(?:\s*[,、]\s*\d+)*\s*[\]】]/g
/**
 * A list ordinal ("1. Go to…", "2) …", "3、…", "(4)", "Step 2", "第2步") numbers a step and claims
 * nothing: opening a line (after any markdown: "**1. Reset**", "### 2."), or inline after a colon or
 * a sentence ("To return it: 1. Open… 2. Click…").
 */
const ORDINAL = /(?:^[ \t]*(?:[#>*_-]+[ \t]*)?|(?<=(?<!\d)[:;.!?]\s*|。\s*))(?:\(\d{1,2}\)|\d{1,2}[.)、](?!\d))|\bstep \d{1,2}\b|第\d{1,2}步/gim
const LIST_ITEM = /^[ \t]*\(?(\d{1,2})[.)、](?!\d)/gm
const TERMS = new RegExp(data.terms.join('|'), 'gi')
const FILLER = `(?:(?:${data.unitFillers.join('|')})\\s+)*`
const UNITS = Object.entries(data.units).map(([unit, words]) => ({ unit, re: new RegExp(`^\\s*-?\\s*${FILLER}(?:${words.join('|')})(?![a-z])`, 'i') }))
const CONTEXT_CHARS = 80
const MONEY_BEFORE = new RegExp(`(?:${data.moneyBefore.join('|')})\\s*$`, 'i')
/** The rest of a range or series a figure opens ("-5", " to 5", "至5", ", 6 or 12"): its unit comes after it. */
const RANGE_REST = /^(?:\s*(?:[-–—~,、]|to|and|or|至|到|或)\s*(?:us\$|\$|¥)?\d+(?:\.\d+)?)+/i
const CLOCK = /(?<![\d.:])(\d{1,2}):([0-5]\d)(?::[0-5]\d)?(?:\s*([ap])\.?m\.?(?![a-z]))?(?![\d:])/gi
const HOUR_AMPM = /(?<![\d.:])(\d{1,2})\s*([ap])\.?m\.?(?![a-z])/gi
const PERIODS = [...data.dayPeriods.am, ...data.dayPeriods.pm].join('|')
const HOUR_ZH = new RegExp(`(?:(${PERIODS})\\s*)?(?<![\\d.])(\\d{1,2})\\s*[点點时時](?:\\s*([0-5]?\\d)\\s*分|(半))?`, 'g')
/** Digit groups joined by a space or a dash, with an optional country code and area code in parentheses. */
const GROUPED = /(?<!\d)(?:\+?\d{1,3}[ -]?)?(?:\(\d{1,4}\)[ -]?)?\d+(?:[ -]\d+)*(?![.,]?\d)/g
/** A version or any dotted run (3.2.1) is one figure: "3.2.2" is not vouched for by 3.2 and 2. */
const DOTTED = /(?<![\d.])\d+(?:\.\d+){2,}(?!\.?\d)/g
const NUMBER = /(?<!\d)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)/g
const WORDS = data.numberWords as Record<string, number>
const ONES = 'one|two|three|four|five|six|seven|eight|nine'
const NUMBER_WORD = new RegExp(`\\b(${Object.keys(WORDS).join('|')})(?:-(${ONES}))?\\b`, 'gi')
/** Words after a Chinese numeral that make it no number (一步步, 二年级); for words before it see NOT_ZH_FIGURE_AFTER. */
const NOT_ZH_FIGURE_BEFORE = new RegExp(`^(?:${data.zhNumeralNotBefore.join('|')})`)
const MAGNITUDE = new RegExp(`^\\s*(${Object.keys(data.magnitudes).join('|')})`)

/** NFKC per character, remembering where each normalised character came from so spans point into the original. */
function normalize(raw: string) {
  // Most text is already normal: then every span is its own.
  if (raw.normalize('NFKC') === raw) return { text: raw, span: (start: number, end: number) => ({ start, end, text: raw.slice(start, end) }) }
  let text = ''
  const from: number[] = []
  const to: number[] = []
  let i = 0
  for (const ch of raw) {
    const n = ch.normalize('NFKC')
    for (let k = 0; k < n.length; k++) {
      from.push(i)
      to.push(i + ch.length)
    }
    text += n
    i += ch.length
  }
  return { text, span: (start: number, end: number) => ({ start: from[start], end: to[end - 1], text: raw.slice(from[start], to[end - 1]) }) }
}

/** "1,000.50" → "1000.5", "007" → "7". */
export function canonical(raw: string): string {
  const [int, frac = ''] = raw.replace(/,/g, '').split('.')
  const i = int.replace(/^0+(?=\d)/, '')
  const f = frac.replace(/0+$/, '')
  return f ? `${i}.${f}` : i
}

/** A canonical number times 10^zeros, in decimal text (floats would turn 1.15万 into 11499.999…). */
function shift(canon: string, zeros: number): string {
  const [i, f = ''] = canon.split('.')
  const digits = i + f.padEnd(zeros, '0')
  return canonical(`${digits.slice(0, i.length + zeros)}.${digits.slice(i.length + zeros)}`)
}

function hourFigure(hour: number, minute: number, half: 'am' | 'pm' | null): Pick<Figure, 'keys' | 'vouches'> | null {
  if (hour > 24 || (half && hour > 12)) return null
  const h = half === 'pm' && hour < 12 ? hour + 12 : half === 'am' && hour === 12 ? 0 : hour
  const keys = [`t:${h * 60 + minute}`]
  // A time in a reply must be a time in a source (any "1" would vouch for "1 pm"); a source's time
  // on the hour also vouches for its hour ("open 9 to 6").
  return { keys, vouches: [...keys, ...(minute === 0 ? [`n:${h}`, ...(h > 12 ? [`n:${h - 12}`] : [])] : [])] }
}

/**
 * What a number counts, from the text around it: "$5", "5 dollars", "3-5 business days", "30%";
 * `other` when a word without a unit follows ("10 backup codes"), null for a bare number.
 */
function unitOf(before: string, after: string): string | null {
  if (MONEY_BEFORE.test(before)) return 'money'
  const rest = after.slice(RANGE_REST.exec(after)?.[0].length ?? 0)
  return UNITS.find((u) => u.re.test(rest))?.unit ?? (/^\s*-?\s*\p{L}/u.test(rest) ? 'other' : null)
}

/**
 * A number's keys and what it vouches for, given its unit. Only a bare number vouches for any unit
 * ("3, 6 or 12 months"); "10 backup codes" does not vouch for "10 business days". A duration also
 * vouches for itself in the neighbouring units.
 */
function valueFigure(values: string[], unit: string | null): Pick<Figure, 'keys' | 'vouches'> {
  if (!unit || unit === 'other') return { keys: values.map((v) => `n:${v}`), vouches: values.flatMap((v) => [`n:${v}`, ...(unit ? [] : [`p:${v}`])]) }
  const as = (data.sameUnit as Record<string, string>)[unit] ?? unit
  const same = values.flatMap((v) => [[as, v], ...converted(unit, v)])
  return { keys: values.flatMap((v) => [`u:${as}:${v}`, `p:${v}`]), vouches: [...values.map((v) => `n:${v}`), ...same.map(([u, v]) => `u:${u}:${v}`)] }
}

function converted(unit: string, value: string): Array<[string, string]> {
  const n = Number(value)
  const out: Array<[string, string]> = []
  for (const [small, big, factor] of data.conversions as Array<[string, string, number]>) {
    if (unit === small && n % factor === 0) out.push([big, String(n / factor)])
    if (unit === big && Number.isInteger(n * factor)) out.push([small, String(n * factor)])
  }
  return out
}

/** The length of each numbered list in a text ("1. … 2. … 3. …" is 3 steps). */
export function listLengths(text: string): number[] {
  const lengths: number[] = []
  let last = 0
  for (const m of text.matchAll(LIST_ITEM)) {
    const n = Number(m[1])
    if (n === 1 && last) lengths.push(last)
    if (n === 1 || n === last + 1) last = n
  }
  return [...lengths, last].filter(Boolean)
}

function halfOf(letter: string | undefined, period?: string): 'am' | 'pm' | null {
  if (letter) return letter.toLowerCase() === 'p' ? 'pm' : 'am'
  if (period) return data.dayPeriods.pm.includes(period) ? 'pm' : 'am'
  return null
}

export function findFigures(raw: string): Figure[] {
  const { text, span } = normalize(raw)
  let work = text
  const blank = (start: number, end: number) => (work = work.slice(0, start) + ' '.repeat(end - start) + work.slice(end))
  for (const re of [MARKER, TERMS]) for (const m of work.matchAll(re)) blank(m.index, m.index + m[0].length)

  const figures: Figure[] = []
  const take = (m: RegExpMatchArray, f: Omit<Figure, keyof Span> | null) => {
    if (!f) return
    figures.push({ ...span(m.index!, m.index! + m[0].length), ...f })
    blank(m.index!, m.index! + m[0].length)
  }
  // Dates before list ordinals, which would take the day of "by Nov. 20." for one.
  const dated = readDates(work)
  work = dated.text
  for (const d of dated.dates) figures.push({ ...span(d.start, d.end), ...d.figure })
  for (const m of work.matchAll(ORDINAL)) blank(m.index, m.index + m[0].length)
  for (const m of work.matchAll(CLOCK)) take(m, hourFigure(Number(m[1]), Number(m[2]), halfOf(m[3])))
  for (const m of work.matchAll(HOUR_AMPM)) take(m, hourFigure(Number(m[1]), 0, halfOf(m[2])))
  for (const m of work.matchAll(HOUR_ZH)) take(m, hourFigure(Number(m[2]), m[4] ? 30 : Number(m[3] ?? 0), halfOf(undefined, m[1])))

  for (const m of work.matchAll(GROUPED)) {
    const digits = m[0].replace(/\D/g, '')
    if (digits.length < data.minPhoneDigits || !/[ ()+-]/.test(m[0])) continue
    const parts = [...m[0].matchAll(/\d+/g)].map((p) => ({ ...span(m.index! + p.index, m.index! + p.index + p[0].length), ...valueFigure([canonical(p[0])], null) }))
    take(m, { keys: [], vouches: [], digits, parts })
  }

  // What can say a number's unit is close by: a sign before it, a range and a few words after it.
  const before = (m: RegExpMatchArray) => work.slice(Math.max(0, m.index! - 8), m.index)
  const after = (m: RegExpMatchArray) => work.slice(m.index! + m[0].length, m.index! + m[0].length + CONTEXT_CHARS)
  for (const m of work.matchAll(NUMBER_WORD)) {
    const unit = unitOf(before(m), after(m))
    const value = WORDS[m[1].toLowerCase()] + (m[2] ? ONES.split('|').indexOf(m[2].toLowerCase()) + 1 : 0)
    if (unit && unit !== 'other') figures.push({ ...span(m.index, m.index + m[0].length), ...valueFigure([String(value)], unit) })
  }
  for (const m of work.matchAll(ZH_NUMERAL)) {
    const value = parseZhNumeral(m[0])
    const rest = after(m)
    if (value === null || NOT_ZH_FIGURE_AFTER.test(before(m)) || NOT_ZH_FIGURE_BEFORE.test(rest)) continue
    const unit = unitOf('', rest)
    // 三个月 is three months, 三月 is March.
    if (unit && unit !== 'other' && !(unit === 'month' && !/^[个個]/.test(rest))) take(m, valueFigure([String(value)], unit))
  }
  for (const m of work.matchAll(DOTTED)) take(m, valueFigure([m[0]], null))
  for (const m of work.matchAll(NUMBER)) {
    const canon = canonical(m[0])
    let rest = after(m)
    const magnitude = MAGNITUDE.exec(rest)
    const values = [canon]
    if (magnitude) {
      values.push(shift(canon, data.magnitudes[magnitude[1] as keyof typeof data.magnitudes]))
      rest = rest.slice(magnitude[0].length)
    }
    const digits = m[0].replace(/,/g, '')
    figures.push({
      ...span(m.index, m.index + m[0].length),
      ...valueFigure(values, unitOf(before(m), rest)),
      ...(/^\d+$/.test(digits) && digits.length >= data.minPhoneDigits ? { digits } : {}),
    })
  }
  return figures.sort((a, b) => a.start - b.start)
}

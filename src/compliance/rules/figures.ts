/**
 * Figures in a text (prices, fees, numbers of days, percentages, clock times, phone numbers) as
 * comparable values: 1,000 and 1000, 5.00 and 5, ５ and 5, 4 pm, 下午4点 and 16:00 are the same figure.
 * Only Arabic digits are figures here. Chinese numerals (十五天, 两周) are left alone: reading them
 * reliably is its own problem, and a rule that guessed at them would flag faithful replies.
 */
import data from '../data/grounding.json' with { type: 'json' }
import type { Span } from '../types.js'

export interface Figure extends Span {
  /** Values it may be matched as: `n:<number>`, `t:<minutes after midnight>`. */
  keys: string[]
  /** All its digits, for a phone-like number or any long run: matched without separators or country code. */
  digits?: string
  /** The numbers a run of digit groups is made of: it is also supported when each of them is. */
  parts?: Figure[]
  /** Values it also vouches for as a source: 18:00 for "open 9 to 6". */
  implies?: string[]
}

/** Citation markers ([1], [1, 2], 【2】) are the reply's own apparatus, not figures. */
const MARKER = /[[【]\s*\d+(?:\s*[,、]\s*\d+)*\s*[\]】]/g
/** A list ordinal opening a line ("1. Go to…", "2) …", "3、…", "(4)") numbers a step and claims nothing. */
const ORDINAL = /^[ \t]*(?:\(\d{1,2}\)|\d{1,2}[.)、](?!\d))/gm
const CLOCK = /(?<![\d.:])(\d{1,2}):([0-5]\d)(?::[0-5]\d)?(?:\s*([ap])\.?m\.?(?![a-z]))?(?![\d:])/gi
const HOUR_AMPM = /(?<![\d.:])(\d{1,2})\s*([ap])\.?m\.?(?![a-z])/gi
const PERIODS = [...data.dayPeriods.am, ...data.dayPeriods.pm].join('|')
const HOUR_ZH = new RegExp(`(?:(${PERIODS})\\s*)?(?<![\\d.])(\\d{1,2})\\s*[点點时時](?:\\s*([0-5]?\\d)\\s*分|(半))?`, 'g')
/** Digit groups joined by a space or a dash, with an optional country code and area code in parentheses. */
const GROUPED = /(?<!\d)(?:\+?\d{1,3}[ -]?)?(?:\(\d{1,4}\)[ -]?)?\d+(?:[ -]\d+)*(?![.,]?\d)/g
const NUMBER = /(?<!\d)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)/g
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

function hourFigure(hour: number, minute: number, half: 'am' | 'pm' | null, bare: boolean): Pick<Figure, 'keys' | 'implies'> | null {
  if (hour > 24 || (half && hour > 12)) return null
  const h = half === 'pm' && hour < 12 ? hour + 12 : half === 'am' && hour === 12 ? 0 : hour
  const keys = [`t:${h * 60 + minute}`]
  // "9am" and "9点" also state the number 9; a clock time on the hour vouches for its hour as a source.
  if (bare) keys.push(`n:${hour}`)
  const implies = minute === 0 ? [`n:${h}`, ...(h > 12 ? [`n:${h - 12}`] : [])] : []
  return { keys, implies }
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
  for (const m of work.matchAll(MARKER)) blank(m.index, m.index + m[0].length)
  for (const m of work.matchAll(ORDINAL)) blank(m.index, m.index + m[0].length)

  const figures: Figure[] = []
  const take = (m: RegExpMatchArray, f: Omit<Figure, keyof Span> | null) => {
    if (!f) return
    figures.push({ ...span(m.index!, m.index! + m[0].length), ...f })
    blank(m.index!, m.index! + m[0].length)
  }
  for (const m of work.matchAll(CLOCK)) take(m, hourFigure(Number(m[1]), Number(m[2]), halfOf(m[3]), false))
  for (const m of work.matchAll(HOUR_AMPM)) take(m, hourFigure(Number(m[1]), 0, halfOf(m[2]), true))
  for (const m of work.matchAll(HOUR_ZH)) take(m, hourFigure(Number(m[2]), m[4] ? 30 : Number(m[3] ?? 0), halfOf(undefined, m[1]), true))

  for (const m of work.matchAll(GROUPED)) {
    const digits = m[0].replace(/\D/g, '')
    if (digits.length < data.minPhoneDigits || !/[ ()+-]/.test(m[0])) continue
    const parts = [...m[0].matchAll(/\d+/g)].map((p) => ({ ...span(m.index! + p.index, m.index! + p.index + p[0].length), keys: [`n:${canonical(p[0])}`] }))
    take(m, { keys: [], digits, parts })
  }

  for (const m of work.matchAll(NUMBER)) {
    const canon = canonical(m[0])
    const keys = [`n:${canon}`]
    const unit = MAGNITUDE.exec(work.slice(m.index + m[0].length))?.[1] as keyof typeof data.magnitudes | undefined
    if (unit) keys.push(`n:${shift(canon, data.magnitudes[unit])}`)
    const digits = m[0].replace(/,/g, '')
    figures.push({ ...span(m.index, m.index + m[0].length), keys, ...(/^\d+$/.test(digits) && digits.length >= data.minPhoneDigits ? { digits } : {}) })
  }
  return figures.sort((a, b) => a.start - b.start)
}

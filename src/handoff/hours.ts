/**
 * When people answer handoffs: weekly opening hours in the support team's time zone
 * ("Mon-Fri 09:00-18:00; Sat 10:00-14:00", Europe/Berlin). Outside them the customer is told when a
 * person will reply, and a normal handoff's SLA counts only open minutes (an urgent one is answered
 * around the clock). No hours configured means always staffed.
 */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const DAY_MS = 86_400_000
/** Enough to find the next opening of any week with at least one open minute. */
const SEARCH_DAYS = 8
/** An SLA longer than the open time of a year is a mistake in the settings; stop looking there. */
const MAX_WEEKS = 53

export interface SupportHours {
  /** Open spans per weekday (0 = Monday), in minutes after local midnight, sorted and not overlapping. */
  week: Array<Array<{ start: number; end: number }>>
  timeZone: string
}

/** Parses "Mon-Fri 09:00-18:00; Sat 10:00-14:00" (days and ranges of days; end 24:00 allowed). Throws a message that says what is wrong. */
export function parseSupportHours(spec: string, timeZone: string): SupportHours {
  checkTimeZone(timeZone)
  const week: SupportHours['week'] = DAYS.map(() => [])
  for (const entry of spec.split(/[;\n]/).map((e) => e.trim()).filter(Boolean)) {
    const m = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/i.exec(entry)
    if (!m) throw new Error(`"${entry}": write days and a time span, e.g. "Mon-Fri 09:00-18:00"`)
    const [first, last] = [m[1], m[2] ?? m[1]].map((d) => DAYS.indexOf(d.toLowerCase()))
    if (first < 0 || last < 0) throw new Error(`"${entry}": days are ${DAYS.map(capitalize).join(', ')}`)
    const start = Number(m[3]) * 60 + Number(m[4])
    const end = Number(m[5]) * 60 + Number(m[6])
    if (Number(m[4]) > 59 || Number(m[6]) > 59 || start >= end || end > 24 * 60) throw new Error(`"${entry}": the span must run forward within one day (00:00-24:00)`)
    // "Fri-Mon" wraps round the weekend.
    for (let d = first; ; d = (d + 1) % 7) {
      week[d].push({ start, end })
      if (d === last) break
    }
  }
  if (week.every((spans) => spans.length === 0)) throw new Error('no opening hours given')
  for (const spans of week) {
    spans.sort((a, b) => a.start - b.start)
    for (let i = 1; i < spans.length; i++) if (spans[i].start < spans[i - 1].end) throw new Error('opening hours overlap on one day')
  }
  return { week, timeZone }
}

export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
  } catch {
    throw new Error(`unknown time zone "${timeZone}" (use an IANA name such as America/New_York or Asia/Shanghai)`)
  }
}

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1)

interface LocalDate {
  year: number
  month: number
  day: number
  /** 0 = Monday. */
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function partsIn(timeZone: string, at: number) {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]))
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second }
}

/** The instant at which the clock in `timeZone` shows `minutes` after midnight of the given date. */
function instantOf(timeZone: string, date: LocalDate, minutes: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000
  // The zone's offset at a guess, then at the corrected guess (a DST change in between moves it).
  let at = wall
  for (let i = 0; i < 2; i++) {
    const p = partsIn(timeZone, at)
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
    at += wall - shown
  }
  return at
}

function localDate(timeZone: string, at: number, plusDays = 0): LocalDate {
  const p = partsIn(timeZone, at)
  const noon = new Date(Date.UTC(p.year, p.month - 1, p.day + plusDays, 12))
  return { year: noon.getUTCFullYear(), month: noon.getUTCMonth() + 1, day: noon.getUTCDate(), weekday: (noon.getUTCDay() + 6) % 7 }
}

/** The open spans, as instants, of `days` local days from the one `from` falls in, cut to start at `from`. */
function openSpans(hours: SupportHours, from: number, firstDay: number, days: number): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  for (let d = firstDay; d < firstDay + days; d++) {
    const date = localDate(hours.timeZone, from, d)
    for (const { start, end } of hours.week[date.weekday]) {
      const s = instantOf(hours.timeZone, date, start)
      const e = instantOf(hours.timeZone, date, end)
      if (e > from) spans.push([Math.max(s, from), e])
    }
  }
  return spans
}

/** When people next answer: `at` itself while open. */
export function nextOpening(hours: SupportHours, at: Date): Date {
  const [first] = openSpans(hours, at.getTime(), 0, SEARCH_DAYS)
  return new Date(first[0])
}

export const isOpen = (hours: SupportHours, at: Date): boolean => nextOpening(hours, at).getTime() === at.getTime()

/**
 * Outside support hours: when people are back, and how to say it to the customer. Null while they
 * are there, and for an urgent handoff (answered around the clock).
 */
export function awayUntil(hours: SupportHours | null, priority: 'urgent' | 'normal', at: Date): { until: Date; label: (lang: 'en' | 'zh') => string } | null {
  if (!hours || priority === 'urgent') return null
  const until = nextOpening(hours, at)
  return until > at ? { until, label: (lang) => describeOpening(hours, until, lang) } : null
}

/** `from` plus `minutes` of open time: an SLA that only runs while people are there. */
export function addOpenMinutes(hours: SupportHours, from: Date, minutes: number): Date {
  let left = minutes * 60_000
  for (let week = 0; week < MAX_WEEKS; week++) {
    for (const [s, e] of openSpans(hours, from.getTime(), week * 7, 7)) {
      if (e - s >= left) return new Date(s + left)
      left -= e - s
    }
  }
  return new Date(from.getTime() + MAX_WEEKS * 7 * DAY_MS)
}

/** Whether the team is in at `at`, and when it next opens (`at` itself while open), for the agents' queue; null: always staffed. */
export function supportStatus(hours: SupportHours | null, at: Date): { open: boolean; next_opening: string; opens: string } | null {
  if (!hours) return null
  const opening = nextOpening(hours, at)
  return { open: opening.getTime() === at.getTime(), next_opening: opening.toISOString(), opens: describeOpening(hours, opening, 'en') }
}

/** "Monday 09:00 (GMT-5)" / "星期一 09:00（GMT+8）": when people are back, on the support team's clock. */
export function describeOpening(hours: SupportHours, at: Date, lang: 'en' | 'zh'): string {
  const parts = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: hours.timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  const [day, time, zone] = [part('weekday'), `${part('hour')}:${part('minute')}`, part('timeZoneName')]
  return lang === 'zh' ? `${day} ${time}（${zone}）` : `${day} ${time} (${zone})`
}

/**
 * Ranges of whole UTC days, as the analytics API and the command-line tools take them: `from` and
 * `to` are YYYY-MM-DD, `to` included, so the range is [from 00:00, the day after `to` 00:00).
 */
export const DAY_MS = 86_400_000

/** Days the database stores as given: the range ends the day after `to`, still a four-digit year. */
export const FIRST_DAY = '1970-01-01'
export const LAST_DAY = '9999-12-30'

export const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/
/** A real date (2026-02-30 is not one, though Date.parse rolls it over into March). */
export const isCalendarDay = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
export const inStoredDays = (s: string) => s >= FIRST_DAY && s <= LAST_DAY

/** A day as the analytics API takes it: YYYY-MM-DD, a real calendar day, one the database stores. */
export const isStorableDay = (s: string) => DAY_FORMAT.test(s) && isCalendarDay(s) && inStoredDays(s)

/** The range for days `from`..`to` (checked already); without them, the last `defaultDays` days up to today. */
export function dayRange(q: { from?: string; to?: string }, defaultDays: number, now = Date.now()): { start: Date; end: Date } {
  const end = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS) : new Date(Math.floor(now / DAY_MS) * DAY_MS + DAY_MS)
  const start = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(end.getTime() - defaultDays * DAY_MS)
  return { start, end }
}

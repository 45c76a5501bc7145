import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { handoffConfig, slaDueAt } from '../../src/handoff/config.js'
import { addOpenMinutes, describeOpening, isOpen, nextOpening, parseSupportHours } from '../../src/handoff/hours.js'

const NEW_YORK = parseSupportHours('Mon-Fri 09:00-18:00; Sat 10:00-14:00', 'America/New_York')
const at = (iso: string) => new Date(iso)

describe('support hours', () => {
  it('knows when people are there, in the team’s time zone', () => {
    expect(isOpen(NEW_YORK, at('2026-12-07T14:00:00Z'))).toBe(true) // Monday 09:00 in New York
    expect(isOpen(NEW_YORK, at('2026-12-07T13:59:00Z'))).toBe(false)
    expect(isOpen(NEW_YORK, at('2026-12-05T16:00:00Z'))).toBe(true) // Saturday 11:00
    expect(isOpen(NEW_YORK, at('2026-12-06T16:00:00Z'))).toBe(false) // Sunday
  })

  it('finds the next opening across the weekend, and is the moment itself while open', () => {
    expect(nextOpening(NEW_YORK, at('2026-12-05T23:30:00Z')).toISOString()).toBe('2026-12-07T14:00:00.000Z') // Saturday evening → Monday 09:00
    expect(nextOpening(NEW_YORK, at('2026-12-07T15:00:00Z')).toISOString()).toBe('2026-12-07T15:00:00.000Z')
  })

  it('counts an SLA in open minutes: over the night, the weekend and a change of clocks', () => {
    expect(addOpenMinutes(NEW_YORK, at('2026-12-04T22:55:00Z'), 10).toISOString()).toBe('2026-12-05T15:05:00.000Z') // Friday 17:55 → Saturday 10:05
    expect(addOpenMinutes(NEW_YORK, at('2026-12-05T23:30:00Z'), 10).toISOString()).toBe('2026-12-07T14:10:00.000Z')
    // On 2026-03-08 New York skips 02:00-03:00: 01:00-04:00 that Sunday is two hours long.
    const night = parseSupportHours('Sun 01:00-04:00', 'America/New_York')
    expect(nextOpening(night, at('2026-03-07T12:00:00Z')).toISOString()).toBe('2026-03-08T06:00:00.000Z')
    expect(addOpenMinutes(night, at('2026-03-07T12:00:00Z'), 150).toISOString()).toBe('2026-03-15T05:30:00.000Z')
  })

  it('reads day ranges round the weekend and a span to midnight', () => {
    const weekend = parseSupportHours('Fri-Mon 20:00-24:00', 'UTC')
    expect(weekend.week.map((spans) => spans.length)).toEqual([1, 0, 0, 0, 1, 1, 1])
    expect(addOpenMinutes(weekend, at('2026-12-04T23:30:00Z'), 60).toISOString()).toBe('2026-12-05T20:30:00.000Z')
  })

  it('says when people are back in the customer’s language, on the team’s clock', () => {
    const monday = at('2026-12-07T14:00:00Z')
    expect(describeOpening(NEW_YORK, monday, 'en')).toBe('Monday 09:00 (GMT-5)')
    expect(describeOpening(NEW_YORK, monday, 'zh')).toBe('星期一 09:00（GMT-5）')
  })

  it('refuses settings it cannot read, saying what is wrong', () => {
    expect(() => parseSupportHours('Mon 18:00-09:00', 'UTC')).toThrow(/"Mon 18:00-09:00": the span must run forward/)
    expect(() => parseSupportHours('Mon-Fri 9-17', 'UTC')).toThrow(/write days and a time span/)
    expect(() => parseSupportHours('Xyz 09:00-10:00', 'UTC')).toThrow(/days are Mon, Tue/)
    expect(() => parseSupportHours('Mon 09:00-12:00; Mon 11:00-13:00', 'UTC')).toThrow(/overlap/)
    expect(() => loadConfig({ SUPPORT_HOURS: 'weekdays' })).toThrow(/SUPPORT_HOURS/)
    expect(() => loadConfig({ SUPPORT_TIMEZONE: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/)
  })

  it('leaves SLAs on the wall clock without hours, and for urgent handoffs with them', () => {
    const from = at('2026-12-05T23:30:00Z')
    const always = handoffConfig(loadConfig({}))
    expect(always.hours).toBeNull()
    expect(slaDueAt('normal', from, always).toISOString()).toBe('2026-12-05T23:40:00.000Z')
    const staffed = handoffConfig(loadConfig({ SUPPORT_HOURS: 'Mon-Fri 09:00-18:00; Sat 10:00-14:00', SUPPORT_TIMEZONE: 'America/New_York' }))
    expect(slaDueAt('normal', from, staffed).toISOString()).toBe('2026-12-07T14:10:00.000Z')
    expect(slaDueAt('urgent', from, staffed).toISOString()).toBe('2026-12-05T23:35:00.000Z')
  })
})

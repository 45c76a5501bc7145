/**
 * Outside the team's support hours the agent console says so above the queue, with what customers
 * handed off are told; inside them (or without hours) it says nothing.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/app.js'
import { findChromiumOrWarn, pageErrors, useBrowserApp } from '../support/browser.js'

const chromiumPath = findChromiumOrWarn('the agent console support-hours test')
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
/** Three days from now, 09:00-10:00 UTC: closed whenever the test runs. */
const opening = new Date()
opening.setUTCDate(opening.getUTCDate() + 3)
opening.setUTCHours(9, 0, 0, 0)

describe.skipIf(!chromiumPath)('agent console outside support hours', () => {
  const web = useBrowserApp(() => createTestApp('pglite', { RATE_LIMIT_ENABLED: 'false', SUPPORT_HOURS: `${DAYS[opening.getUTCDay()]} 09:00-10:00`, SUPPORT_TIMEZONE: 'UTC' }))

  it('says the team is away and when customers are told a person will reply, until sign-out', async () => {
    const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = pageErrors(page)
    await page.goto(web.baseUrl + '/console')
    await page.fill('#token', 'st_demo_admin')
    await page.click('#login button[type=submit]')
    await page.locator('#away').waitFor()
    const day = opening.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })
    expect(await page.textContent('#away')).toBe(`Outside support hours: customers handed off now are told a person will reply from ${day} 09:00 (UTC).`)
    await page.click('#logout')
    expect(await page.isVisible('#away')).toBe(false)
    expect(errors).toEqual([])
    await page.close()
  })
})

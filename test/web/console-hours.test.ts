/**
 * Outside the team's support hours the agent console says so above the queue, with what customers
 * handed off are told, and the customer's chat says when a person will reply.
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

describe.skipIf(!chromiumPath)('console and chat outside support hours', () => {
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

  it("tells the customer in the chat when a person will reply, on the customer's own clock", async () => {
    for (const [lang, person, want] of [
      ['en', 'I want to talk to a person', (day: string) => `You asked for a person. The team is away now; they will reply here from ${day} 09:00.`],
      ['zh', '我要转人工客服', (day: string) => `已为您转接人工客服。客服现在不在线，将于${day}09:00起在这里回复您。`],
    ] as const) {
      // The customer's clock is UTC here, like the team's: the opening reads 09:00.
      const context = await web.browser.newContext({ timezoneId: 'UTC' })
      const page = await context.newPage()
      const errors = pageErrors(page)
      await page.goto(`${web.baseUrl}/chat?lang=${lang}`)
      const input = page.getByRole('textbox', { name: /Your message|您的消息/ })
      await input.fill(person)
      await input.press('Enter')
      const day = opening.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'long', timeZone: 'UTC' })
      await page.getByRole('status').filter({ hasText: want(day) }).waitFor()
      // A reload keeps it: the handoff still waits for the team.
      await page.reload()
      await page.getByRole('status').filter({ hasText: want(day) }).waitFor()
      expect(errors).toEqual([])
      await context.close()
    }
  })
})

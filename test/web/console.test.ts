import { mkdirSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../src/auth/credentials.js'
import { createApp } from '../../src/app.js'
import { createEventBus } from '../../src/events/bus.js'
import { createTestApp } from '../support/app.js'
import { findChromiumOrWarn, listen, pageErrors, useBrowserApp } from '../support/browser.js'

const chromiumPath = findChromiumOrWarn('the agent console browser test')

describe.skipIf(!chromiumPath)('agent console in a real browser', () => {
  const web = useBrowserApp(() => createTestApp('pglite', { RATE_LIMIT_ENABLED: 'false', HANDOFF_HEARTBEAT_SECONDS: '2' }))
  let token: string

  beforeAll(async () => {
    token = (await createStaff(web.t.deps.db, 'demo', 'Ann Agent', 'agent')).token
  })

  const customer = (path: string, body?: unknown, base = web.baseUrl) =>
    fetch(base + path, {
      method: body === undefined && !path.endsWith('/conversations') ? 'GET' : 'POST',
      headers: { 'x-customer-id': 'browser-customer', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.json() as Promise<any>)

  it('a handoff appears live, the agent claims it and replies, and the customer sees the reply', async () => {
    const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = pageErrors(page, { httpErrors: true })

    await page.goto(web.baseUrl + '/console')
    await page.fill('#token', token)
    await page.click('#login button[type=submit]')
    await page.locator('#me-name', { hasText: 'Ann Agent' }).waitFor()
    await page.locator('#live.on').waitFor()

    // The customer asks for a person; the console shows it without a reload.
    const conversation = await customer('/v1/conversations')
    const turn = await customer(`/v1/conversations/${conversation.id}/messages`, { text: 'I want to talk to a person' })
    expect(turn.route).toBe('handoff')
    const item = page.locator(`#queue li[data-id="${turn.handoff.id}"]`)
    await item.waitFor()
    await expect(item.locator('.sla').textContent()).resolves.toMatch(/SLA \d+:\d\d/)

    await item.click()
    await page.locator('#transcript li.customer', { hasText: 'I want to talk to a person' }).waitFor()
    await page.click('#claim')
    await page.locator('#d-state', { hasText: 'claimed by you' }).waitFor()

    // A message written while the agent reads arrives live too.
    await customer(`/v1/conversations/${conversation.id}/messages`, { text: 'My order 1234 never arrived' })
    await page.locator('#transcript li.customer', { hasText: 'My order 1234 never arrived' }).waitFor()

    await page.fill('#reply', 'Hi, this is Ann. I am checking order 1234 for you now.')
    await page.click('#send')
    await page.locator('#transcript li.agent', { hasText: 'checking order 1234' }).waitFor()
    await page.fill('#note', 'Carrier lost it; refund if not found today.')
    await page.click('#note-form button')
    await page.locator('#notes li', { hasText: 'Carrier lost it' }).waitFor()

    mkdirSync('test/artifacts', { recursive: true })
    await page.screenshot({ path: 'test/artifacts/console.png', fullPage: true })

    const seen = await customer(`/v1/conversations/${conversation.id}`)
    expect(seen.status).toBe('handoff')
    expect(seen.messages.at(-1)).toMatchObject({ role: 'agent', text: 'Hi, this is Ann. I am checking order 1234 for you now.' })
    expect(seen.messages.filter((m: { role: string }) => m.role === 'bot')).toHaveLength(1)

    await page.click('#resolve')
    await page.locator('#d-state', { hasText: 'resolved' }).waitFor()
    expect((await customer(`/v1/conversations/${conversation.id}`)).status).toBe('closed')
    expect(errors).toEqual([])
    await page.close()
  })

  it('what a customer does through another server (its own events, which never reach this one) shows at the next heartbeat', async () => {
    const other = await listen(createApp({ ...web.t.deps, events: createEventBus() }).fetch)
    try {
      const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } })
      const errors = pageErrors(page, { httpErrors: true })
      await page.goto(web.baseUrl + '/console')
      await page.fill('#token', token)
      await page.click('#login button[type=submit]')
      await page.locator('#live.on').waitFor()

      const conversation = await customer('/v1/conversations', undefined, other.url)
      const turn = await customer(`/v1/conversations/${conversation.id}/messages`, { text: 'Can I speak to a human please' }, other.url)
      expect(turn.route).toBe('handoff')
      const item = page.locator(`#queue li[data-id="${turn.handoff.id}"]`)
      await item.waitFor()
      await item.click()
      await page.click('#claim')
      await page.locator('#d-state', { hasText: 'claimed by you' }).waitFor()
      await customer(`/v1/conversations/${conversation.id}/messages`, { text: 'Order 5678 is the one' }, other.url)
      await page.locator('#transcript li.customer', { hasText: 'Order 5678 is the one' }).waitFor()
      expect(errors).toEqual([])
      await page.close()
    } finally {
      await other.close()
    }
  })
})

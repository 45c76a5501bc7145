/**
 * The operations dashboard in headless Chromium: the supervisor pastes a token (kept in
 * localStorage), the KPIs appear against their targets with SVG trend charts, answer accuracy
 * comes from the newest eval report ("no eval report" before there is one), knowledge gaps are
 * listed as text, and a bad token shows the API's error. The page runs under its own strict CSP.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createStaff } from '../../src/auth/credentials.js'
import { createTestApp } from '../support/app.js'
import { findChromiumOrWarn, pageErrors, useBrowserApp } from '../support/browser.js'
import { seedConversation } from '../ops/seed.js'
import { answerFeedback } from '../../src/db/schema/index.js'

const chromiumPath = findChromiumOrWarn('the dashboard browser test')

const DAY = 86_400_000
const daysAgo = (n: number, hour = 10) => new Date(Math.floor(Date.now() / DAY) * DAY - n * DAY + hour * 3_600_000).toISOString()

describe.skipIf(!chromiumPath)('operations dashboard in a real browser', () => {
  let evals: string
  const web = useBrowserApp(() => {
    evals = mkdtempSync(join(tmpdir(), 'parley-evals-'))
    // No cache, so the eval report written mid-test shows on the next load.
    return createTestApp('pglite', { ANALYTICS_CACHE_SECONDS: '0', EVAL_REPORT: evals, RATE_LIMIT_ENABLED: 'false' })
  })
  let token: string

  beforeAll(async () => {
    const db = web.t.deps.db
    token = (await createStaff(db, 'demo', 'Sue Supervisor', 'supervisor')).token
    for (const [i, d] of [3, 3, 2, 1].entries()) {
      const { id } = await seedConversation(db, 'demo', { customerId: `c${i}`, at: daysAgo(d), turns: [{ at: daysAgo(d), intent: 'order_status', route: 'answer', latencyMs: 400 + i * 100 }] })
      // Three of the four answers rated: two helpful.
      if (i < 3) await db.insert(answerFeedback).values({ id: crypto.randomUUID(), tenantId: 'demo', conversationId: id, messageId: crypto.randomUUID(), helpful: i !== 1, createdAt: new Date(daysAgo(d)) })
    }
    await seedConversation(db, 'demo', {
      customerId: 'angry', at: daysAgo(2, 11), turns: [{ at: daysAgo(2, 11), intent: 'complaint', route: 'handoff', reasons: ['intent_routed_to_handoff'], sentiment: -0.9 }],
      handoff: { reason: 'intent_routed_to_handoff', state: 'resolved', at: daysAgo(2, 11), slaDueAt: daysAgo(2, 12), firstReplyAt: daysAgo(2, 11), resolvedAt: daysAgo(2, 11), rating: 5 },
    })
    for (const text of ['do you ship to Mars?', 'shipping to Mars possible?', '<img src=x onerror="window.pwned=1"> Mars shipping?']) {
      await seedConversation(db, 'demo', { customerId: 'm', at: daysAgo(1, 12), turns: [{ at: daysAgo(1, 12), text, intent: 'shipping_info', route: 'answer', citations: 0 }] })
    }
  })
  afterAll(() => rmSync(evals, { recursive: true, force: true }))

  const card = (page: Page, id: string) => page.locator(`#targets .card[data-target="${id}"]`)

  it('loads the KPIs against targets after the token is pasted, with trend charts and gaps', async () => {
    const context = await web.browser.newContext({ viewport: { width: 1280, height: 1000 } })
    const page = await context.newPage()
    const errors = pageErrors(page)
    await page.goto(web.baseUrl + '/dashboard')
    await expect(page.locator('#status').textContent()).resolves.toContain('Paste a supervisor token')

    await page.fill('#token', token)
    await page.click('#token-form button[type=submit]')
    await page.locator('body[data-loaded="true"]').waitFor()

    await expect(page.locator('#targets .card').count()).resolves.toBe(5)
    await expect(card(page, 'answer_accuracy').textContent()).resolves.toContain('no eval report')
    await expect(card(page, 'answer_accuracy').getAttribute('data-status')).resolves.toBe('no_data')
    await expect(card(page, 'response_time').getAttribute('data-status')).resolves.toBe('met')
    // One complaint in eight conversations: 12.5% against a 0.5% target.
    await expect(card(page, 'complaint_rate').locator('.value').textContent()).resolves.toBe('12.5%')
    await expect(card(page, 'complaint_rate').getAttribute('data-status')).resolves.toBe('missed')
    await expect(card(page, 'csat').locator('.value').textContent()).resolves.toBe('100.0%')

    // Eight charts over the 14-day range; conversations were seen on three days of it.
    await expect(page.locator('#trends svg[data-chart]').count()).resolves.toBe(8)
    await expect(page.locator('svg[data-chart="helpful"] circle').count()).resolves.toBe(2)
    await expect(page.locator('#totals tr', { hasText: 'Answers rated helpful (3 votes)' }).locator('td.num').textContent()).resolves.toBe('66.7%')
    await expect(page.locator('svg[data-chart="conversations"] circle').count()).resolves.toBe(3)
    await expect(page.locator('svg[data-chart="fcr"] line.target').count()).resolves.toBe(1)
    await expect(page.locator('#reasons tbody tr').first().textContent()).resolves.toContain('intent_routed_to_handoff')

    // The gap cluster's questions are text, not markup.
    const gap = page.locator('#gaps li').first()
    await expect(gap.getAttribute('data-count')).resolves.toBe('3')
    await expect(gap.textContent()).resolves.toContain('<img src=x')
    await expect(page.locator('#gaps img').count()).resolves.toBe(0)
    await expect(page.evaluate(() => (window as any).pwned)).resolves.toBeUndefined()

    mkdirSync('test/artifacts', { recursive: true })
    await page.screenshot({ path: 'test/artifacts/dashboard.png', fullPage: true })
    expect(errors).toEqual([])

    // The token stays in localStorage: a reload loads straight away, now with the newest eval report.
    mkdirSync(join(evals, '2024-01-01T00-00-00'), { recursive: true })
    writeFileSync(join(evals, '2024-01-01T00-00-00', 'report.json'), JSON.stringify({ created_at: '2024-01-01T00:00:00Z', metrics: { answer_accuracy: { value: 0.5, n: 10 } } }))
    mkdirSync(join(evals, '2024-02-01T00-00-00'), { recursive: true })
    writeFileSync(join(evals, '2024-02-01T00-00-00', 'report.json'), JSON.stringify({ created_at: '2024-02-01T00:00:00Z', metrics: { answer_accuracy: { value: 0.93, n: 365 } } }))
    await page.reload()
    await page.locator('body[data-loaded="true"]').waitFor()
    await expect(page.inputValue('#token')).resolves.toBe(token)
    await expect(card(page, 'answer_accuracy').locator('.value').textContent()).resolves.toBe('93.0%')
    await expect(card(page, 'answer_accuracy').getAttribute('data-status')).resolves.toBe('met')
    await context.close()
  })

  it('shows the API error for a token that is not a supervisor’s', async () => {
    const agent = (await createStaff(web.t.deps.db, 'demo', 'Al Agent', 'agent')).token
    const context = await web.browser.newContext()
    const page = await context.newPage()
    await page.goto(web.baseUrl + '/dashboard')
    await page.fill('#token', agent)
    await page.click('#token-form button[type=submit]')
    await page.locator('body[data-loaded="error"]').waitFor()
    await expect(page.locator('#status.error').textContent()).resolves.toContain('needs supervisor')
    await page.click('#forget')
    await expect(page.evaluate(() => localStorage.getItem('parley.dashboard.token'))).resolves.toBeNull()
    await context.close()
  })

  it('shows what is wrong with a range and clears the figures on an error and on Forget; long gaps wrap; days are UTC', async () => {
    const long = 'https://shop.example/track?order=' + 'A1b2C3d4'.repeat(80)
    await seedConversation(web.t.deps.db, 'demo', { customerId: 'long', at: daysAgo(1, 13), turns: [{ at: daysAgo(1, 13), text: long, intent: 'order_status', route: 'answer', citations: 0 }] })
    const context = await web.browser.newContext({ viewport: { width: 1280, height: 1000 } })
    const page = await context.newPage()
    const errors = pageErrors(page)
    await page.goto(web.baseUrl + '/dashboard')
    // The default range is in UTC days, as the API counts them: the fields say so.
    await expect(page.getByLabel('From (UTC)').inputValue()).resolves.toBe(new Date(Date.now() - 13 * DAY).toISOString().slice(0, 10))
    await expect(page.getByLabel('To (UTC)').inputValue()).resolves.toBe(new Date().toISOString().slice(0, 10))
    await page.fill('#token', token)
    await page.click('#token-form button[type=submit]')
    await page.locator('body[data-loaded="true"]').waitFor()
    await expect(page.locator('#gaps li', { hasText: long }).count()).resolves.toBe(1)
    // The long example wraps instead of widening the page.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(1280)

    const figures = () => page.locator('#targets .card, #trends svg, #totals tr, #reasons tr, #intents tr, #compliance tr, #gaps li').count()
    const range = async (from: string, to: string) => {
      await page.fill('#from', from)
      await page.fill('#to', to)
      await page.click('#range-form button[type=submit]')
    }
    // The API's reason, not only "the query string does not match the schema", and no stale figures under it.
    await range('2024-03-10', '2024-03-01')
    await page.locator('body[data-loaded="error"]').waitFor()
    await expect(page.locator('#status.error').textContent()).resolves.toBe('Could not load: `from` must not be after `to`')
    await expect(figures()).resolves.toBe(0)
    await range('2022-01-01', '2024-01-01')
    await expect.poll(() => page.locator('#status.error').textContent()).toBe('Could not load: a range of at most 366 days')

    await range(new Date(Date.now() - 13 * DAY).toISOString().slice(0, 10), new Date().toISOString().slice(0, 10))
    await page.locator('body[data-loaded="true"]').waitFor()
    expect(await figures()).toBeGreaterThan(10)
    await page.click('#forget')
    await expect(page.locator('#status').textContent()).resolves.toBe('Token forgotten.')
    await expect(figures()).resolves.toBe(0)
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([])
    await context.close()
  })
})

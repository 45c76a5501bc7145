/**
 * The agent console's rough edges, each driven in headless Chromium: double submits, supervisor
 * actions, sign-out hygiene, keyboard access, layout (long words, phones, hidden panes), the
 * draft prefill race, failed notes, API validation messages and the live stream's recovery.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page, Route } from 'playwright-core'
import { createStaff } from '../../src/auth/credentials.js'
import { createApp } from '../../src/app.js'
import { NOTE_MAX_CHARS } from '../../src/http/schemas.js'
import { createTestApp } from '../support/app.js'
import { findChromiumOrWarn, listen, pageErrors, useBrowserApp } from '../support/browser.js'

const chromiumPath = findChromiumOrWarn('the agent console UI tests')

describe.skipIf(!chromiumPath)('agent console UI', () => {
  const web = useBrowserApp(() => createTestApp('pglite', { RATE_LIMIT_ENABLED: 'false', HANDOFF_HEARTBEAT_SECONDS: '2' }))
  const tokens = { ann: '', bob: '', sue: '' }
  let customers = 0

  beforeAll(async () => {
    tokens.ann = (await createStaff(web.t.deps.db, 'demo', 'Ann Agent', 'agent')).token
    tokens.bob = (await createStaff(web.t.deps.db, 'demo', 'Bob Agent', 'agent')).token
    tokens.sue = (await createStaff(web.t.deps.db, 'demo', 'Sue Supervisor', 'supervisor')).token
  })

  /** A fresh customer's conversation: `say` sends one message and resolves to the turn's reply. */
  async function newConversation() {
    const headers = { 'x-customer-id': `ui-customer-${++customers}`, 'content-type': 'application/json' }
    const conversation = await fetch(web.baseUrl + '/v1/conversations', { method: 'POST', headers, body: '{}' }).then((r) => r.json() as Promise<any>)
    return (text: string) => fetch(`${web.baseUrl}/v1/conversations/${conversation.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text }) }).then((r) => r.json() as Promise<any>)
  }
  /** A fresh customer asks for a person; returns the new handoff's id. */
  async function newHandoff(text = 'I want to talk to a person'): Promise<string> {
    const turn = await (await newConversation())(text)
    expect(turn.route).toBe('handoff')
    return turn.handoff.id
  }
  /** A handoff with a bot draft: the same question asked again after the answer (a request for a person has none). */
  async function newHandoffWithDraft(): Promise<string> {
    const say = await newConversation()
    expect((await say('How long does standard shipping take?')).route).toBe('answer')
    const again = await say('How long does standard shipping take??')
    expect(again.route).toBe('handoff')
    return again.handoff.id
  }
  async function claimAs(token: string, id: string) {
    const res = await fetch(`${web.baseUrl}/v1/agent/handoffs/${id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
  }
  async function open(width = 1280, height = 800): Promise<Page> {
    const page = await web.browser.newPage({ viewport: { width, height } })
    await page.goto(web.baseUrl + '/console')
    return page
  }
  async function signIn(page: Page, token: string) {
    await page.fill('#token', token)
    await page.click('#login button[type=submit]')
    await page.locator('#live.on').waitFor()
  }
  async function openHandoff(page: Page, id: string) {
    await page.click(`#queue li[data-id="${id}"]`)
    await page.locator('#transcript li.customer').first().waitFor()
  }
  /** Counts the page's POSTs whose path ends with `suffix`. */
  function countPosts(page: Page, suffix: string) {
    const seen = { n: 0 }
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix)) seen.n++
    })
    return seen
  }
  const slow = (ms: number) => async (route: Route) => {
    await new Promise((r) => setTimeout(r, ms))
    await route.continue()
  }

  it('before sign-in the app pane stays hidden and the Connect button is readable', async () => {
    const page = await open()
    expect(await page.isVisible('#app')).toBe(false)
    expect(await page.isVisible('#queue-pane')).toBe(false)
    const { color, background } = await page.$eval('#login button', (b) => ({ color: getComputedStyle(b).color, background: getComputedStyle(b).backgroundColor }))
    expect(color).not.toBe(background)
    await page.close()
  })

  it("names a handoff's reason in words, with the detailed reasons beside it", async () => {
    const id = await newHandoff()
    const page = await open()
    await signIn(page, tokens.ann)
    await page.locator(`#queue li[data-id="${id}"]`).waitFor()
    expect(await page.textContent(`#queue li[data-id="${id}"] strong`)).toBe('Asked for a person')
    await openHandoff(page, id)
    expect(await page.textContent('#d-title')).toMatch(/^URGENT: Asked for a person - |^Asked for a person - /)
    expect(await page.locator('#packet dd').first().evaluate(() => [...document.querySelectorAll('#packet dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`))).toContain('Reason: Asked for a person (customer_requested_human)')
    await page.close()
  })

  it('a double click sends one reply and a double Enter adds one note; both buttons come back', async () => {
    const id = await newHandoff()
    await claimAs(tokens.ann, id)
    const page = await open()
    const errors = pageErrors(page, { httpErrors: true })
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    await page.locator('#d-state', { hasText: 'claimed by you' }).waitFor()
    // Slow answers keep each request in flight while the second click or Enter lands.
    await page.route('**/reply', slow(300))
    await page.route('**/notes', slow(300))
    const replies = countPosts(page, '/reply')
    const notes = countPosts(page, '/notes')

    await page.fill('#reply', 'Only once, please.')
    await page.dblclick('#send')
    await page.locator('#transcript li.agent', { hasText: 'Only once, please.' }).waitFor()
    await page.fill('#note', 'One note.')
    await page.press('#note', 'Enter')
    await page.press('#note', 'Enter')
    await page.locator('#notes li', { hasText: 'One note.' }).waitFor()

    await expect.poll(() => page.isEnabled('#send')).toBe(true)
    await expect.poll(() => page.isEnabled('#note-add')).toBe(true)
    expect(replies.n).toBe(1)
    expect(notes.n).toBe(1)
    expect(await page.locator('#notes li', { hasText: 'One note.' }).count()).toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it("a supervisor may resolve, return or transfer another agent's handoff, but not reply in it", async () => {
    const id = await newHandoff()
    await claimAs(tokens.ann, id)
    const page = await open()
    const errors = pageErrors(page, { httpErrors: true })
    await signIn(page, tokens.sue)
    await openHandoff(page, id)
    await page.locator('#d-state', { hasText: 'claimed' }).waitFor()
    expect(await page.isEnabled('#resolve')).toBe(true)
    expect(await page.isEnabled('#return')).toBe(true)
    expect(await page.isEnabled('#transfer')).toBe(true)
    expect(await page.isEnabled('#send')).toBe(false)
    await page.click('#resolve')
    await page.locator('#d-state', { hasText: 'resolved' }).waitFor()
    expect(await page.isEnabled('#resolve')).toBe(false)
    expect(errors).toEqual([])
    await page.close()
  })

  it('a colleague picked for a transfer stays picked when a customer message reloads the conversation', async () => {
    const say = await newConversation()
    const id = (await say('I want to talk to a person')).handoff.id as string
    await claimAs(tokens.ann, id)
    const page = await open()
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    const bob = await page.locator('#transfer-to option', { hasText: 'Bob Agent' }).getAttribute('value')
    await page.selectOption('#transfer-to', bob!)
    await say('Are you still there?')
    await page.locator('#transcript li.customer', { hasText: 'still there' }).waitFor()
    // Before, the reload reset the choice to "Back to queue", and Transfer would have sent it there.
    expect(await page.inputValue('#transfer-to')).toBe(bob)
    await page.close()
  })

  it('sign out leaves nothing of the previous agent for the next one', async () => {
    const id = await newHandoff()
    await claimAs(tokens.ann, id)
    const page = await open()
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    await page.locator('#d-state', { hasText: 'claimed by you' }).waitFor()
    await page.fill('#reply', 'Half-typed reply')
    await page.fill('#note', 'Half-typed note')

    await page.click('#logout')
    expect(await page.inputValue('#token')).toBe('')
    expect(await page.isVisible('#detail')).toBe(false)
    expect(await page.locator('#transcript li').count()).toBe(0)
    expect(await page.locator('#queue li').count()).toBe(0)
    expect(await page.inputValue('#reply')).toBe('')
    expect(await page.inputValue('#note')).toBe('')

    await signIn(page, tokens.bob)
    await page.locator(`#queue li[data-id="${id}"]`).waitFor()
    // Give a (wrong) reload of the previous agent's handoff time to land.
    await page.waitForTimeout(300)
    expect(await page.isVisible('#detail')).toBe(false)
    expect(await page.locator('#transcript li').count()).toBe(0)
    await page.close()
  })

  it('queue items are reached with Tab, show focus, keep it when the queue changes and open with Enter', async () => {
    const id = await newHandoff('I want to talk to a person about my keyboard order')
    const page = await open()
    await signIn(page, tokens.ann)
    await page.locator(`#queue li[data-id="${id}"]`).waitFor()
    await page.focus('#claim-next')
    let reached = false
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate((want) => document.activeElement?.closest('#queue li')?.getAttribute('data-id') === want, id)
    }
    expect(reached).toBe(true)
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')
    // Another customer's handoff rebuilds the queue: the keyboard user stays on their item.
    const other = await newHandoff('I want to talk to a person about something else')
    await page.locator(`#queue li[data-id="${other}"]`).waitFor()
    expect(await page.evaluate((want) => document.activeElement?.closest('#queue li')?.getAttribute('data-id') === want, id)).toBe(true)
    await page.keyboard.press('Enter')
    await page.locator('#transcript li.customer', { hasText: 'keyboard order' }).waitFor()
    await page.close()
  })

  it('a long unbroken word wraps instead of widening the conversation', async () => {
    const word = 'A'.repeat(300)
    const id = await newHandoff(`I want to talk to a person ${word}`)
    const page = await open()
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    const sizes = await page.evaluate(() => {
      const detail = document.getElementById('detail')!
      return { detail: detail.scrollWidth - detail.clientWidth, page: document.documentElement.scrollWidth, reply: document.getElementById('reply')!.getBoundingClientRect().right }
    })
    expect(sizes.detail).toBeLessThanOrEqual(1)
    expect(sizes.page).toBeLessThanOrEqual(1280)
    expect(sizes.reply).toBeLessThanOrEqual(1280)
    await page.close()
  })

  it('at 375 px the queue stacks above a full-width conversation', async () => {
    const id = await newHandoff()
    const page = await open(375, 740)
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    const box = (await page.locator('#detail').boundingBox())!
    const queue = (await page.locator('#queue-pane').boundingBox())!
    expect(box.width).toBeGreaterThan(300)
    expect(box.y).toBeGreaterThanOrEqual(queue.y + queue.height - 1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await page.screenshot({ path: 'test/artifacts/console-375.png', fullPage: true })
    await page.close()
  })

  it('a late detail reload after claiming does not overwrite what the agent typed', async () => {
    const id = await newHandoffWithDraft()
    const page = await open()
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    // The claim happens at once (its event reloads the detail), but its answer, and so the click
    // handler's own reload, is held until the agent has started typing.
    let answerClaim!: () => void
    const claimHeld = new Promise<void>((r) => (answerClaim = r))
    await page.route(`**/v1/agent/handoffs/${id}/claim`, async (route) => {
      const response = await route.fetch()
      await claimHeld
      await route.fulfill({ response })
    })
    await page.click('#claim')
    await page.locator('#d-state', { hasText: 'claimed by you' }).waitFor()
    // An untouched box still gets the bot's draft.
    await expect.poll(() => page.inputValue('#reply')).not.toBe('')
    await page.fill('#reply', 'Typed by Ann')
    const late = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/v1/agent/handoffs/${id}`)
    answerClaim()
    await late
    await page.waitForTimeout(100)
    expect(await page.inputValue('#reply')).toBe('Typed by Ann')
    await page.close()
  })

  it('a note the API refuses stays in the box and its validation message is shown', async () => {
    const id = await newHandoff()
    const page = await open()
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    expect(await page.getAttribute('#reply', 'maxlength')).toBe('4000')
    expect(await page.getAttribute('#note', 'maxlength')).toBe('4000')
    // A script may still set more than maxlength allows; the API's 422 must not lose it.
    await page.$eval('#note', (el) => ((el as HTMLInputElement).value = 'x'.repeat(5000)))
    await page.click('#note-add')
    await page.locator('#flash.error', { hasText: 'text must be at most 4000 characters' }).waitFor()
    expect((await page.inputValue('#note')).length).toBe(5000)
    expect(await page.isEnabled('#note-add')).toBe(true)
    await page.close()
  })

  it("the reply box holds the server's MAX_MESSAGE_CHARS, and a reply of that length goes through", async () => {
    const limit = 1200
    const limited = await listen(createApp({ ...web.t.deps, config: { ...web.t.deps.config, MAX_MESSAGE_CHARS: limit } }).fetch)
    try {
      const id = await newHandoff()
      await claimAs(tokens.ann, id)
      const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } })
      const errors = pageErrors(page, { httpErrors: true })
      await page.goto(limited.url + '/console')
      await signIn(page, tokens.ann)
      await openHandoff(page, id)
      expect(await page.getAttribute('#reply', 'maxlength')).toBe(String(limit))
      expect(await page.getAttribute('#note', 'maxlength')).toBe(String(NOTE_MAX_CHARS))
      // Typed text stops at the limit, and this server takes all of it.
      await page.focus('#reply')
      await page.keyboard.insertText('y'.repeat(limit + 10))
      expect((await page.inputValue('#reply')).length).toBe(limit)
      await page.click('#send')
      await page.locator('#transcript li.agent', { hasText: 'y'.repeat(limit) }).waitFor()
      expect(errors).toEqual([])
      await page.close()
    } finally {
      await limited.close()
    }
  })

  it("saved replies of the conversation's language go into the reply box and are sent to the customer", async () => {
    const saved = (title: string, text: string, lang: 'en' | 'zh' | null) =>
      fetch(web.baseUrl + '/v1/agent/saved-replies', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.sue}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title, text, lang }),
      }).then(async (r) => {
        expect(r.status).toBe(201)
        return ((await r.json()) as { id: string }).id
      })
    const refund = await saved('Refund timeline', 'Your refund reaches your card within 5 business days.', 'en')
    const signoff = await saved('Sign-off', 'Anything else I can help with?', null)
    const chinese = await saved('退款时间', '退款将在5个工作日内退回您的银行卡。', 'zh')

    // An English conversation handed off to a person.
    const headers = { 'x-customer-id': `ui-customer-${++customers}`, 'content-type': 'application/json' }
    const conversation = (await fetch(web.baseUrl + '/v1/conversations', { method: 'POST', headers, body: JSON.stringify({ lang: 'en' }) }).then((r) => r.json())) as { id: string }
    const turn = (await fetch(`${web.baseUrl}/v1/conversations/${conversation.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: 'I want to talk to a person' }) }).then((r) => r.json())) as any
    expect(turn.route).toBe('handoff')

    const page = await open()
    const errors = pageErrors(page, { httpErrors: true })
    const lists: string[] = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/agent/saved-replies') lists.push(new URL(r.url()).search)
    })
    await signIn(page, tokens.ann)
    await openHandoff(page, turn.handoff.id)
    // Not before the agent holds the conversation.
    expect(await page.isVisible('#saved-reply')).toBe(false)
    await page.click('#claim')
    await page.locator('#d-state', { hasText: 'claimed by you' }).waitFor()
    await page.getByLabel('Saved replies').waitFor()
    const options = await page.$$eval('#saved-reply option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent })))
    expect(options.map((o) => o.value)).toEqual(['', refund, signoff])
    expect(options.map((o) => o.value)).not.toContain(chinese)
    expect(await page.inputValue('#reply')).toBe('')

    // Into the empty box as it is, then after it on a new line; the box has the focus each time.
    await page.getByLabel('Saved replies').selectOption({ label: 'Refund timeline' })
    expect(await page.inputValue('#reply')).toBe('Your refund reaches your card within 5 business days.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply')
    await page.getByLabel('Saved replies').selectOption({ label: 'Sign-off' })
    const combined = 'Your refund reaches your card within 5 business days.\nAnything else I can help with?'
    expect(await page.inputValue('#reply')).toBe(combined)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply')

    await page.click('#send')
    await page.locator('#transcript li.agent', { hasText: 'Anything else I can help with?' }).waitFor()
    await expect.poll(() => page.inputValue('#reply')).toBe('')
    const transcript = (await fetch(`${web.baseUrl}/v1/conversations/${conversation.id}`, { headers }).then((r) => r.json())) as { messages: Array<{ role: string; text: string }> }
    expect(transcript.messages.at(-1)).toMatchObject({ role: 'agent', text: combined })
    // Loaded once for the opened conversation (its live reloads do not fetch the list again), in its language.
    expect(lists).toEqual(['?lang=en'])
    expect(errors).toEqual([])
    await page.close()
  })

  it("{agent} in a saved reply becomes the signed-in agent's name in the reply box; the stored text keeps it", async () => {
    const saved = (title: string, text: string) =>
      fetch(web.baseUrl + '/v1/agent/saved-replies', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.sue}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title, text, lang: null }),
      }).then((r) => expect(r.status).toBe(201))
    await saved('Introduction', 'Hi, this is {agent} from support.')
    // Only the exact token: other braces stay as written.
    await saved('Order check', 'Order {order_id} is on its way. {Agent} { agent } - {agent}')
    const id = await newHandoff()

    const page = await open()
    const errors = pageErrors(page, { httpErrors: true })
    await signIn(page, tokens.ann)
    await openHandoff(page, id)
    await page.click('#claim')
    await page.locator('#d-state', { hasText: 'claimed by you' }).waitFor()
    await page.getByLabel('Saved replies').selectOption({ label: 'Introduction' })
    expect(await page.inputValue('#reply')).toBe('Hi, this is Ann Agent from support.')
    await page.getByLabel('Saved replies').selectOption({ label: 'Order check' })
    expect(await page.inputValue('#reply')).toBe('Hi, this is Ann Agent from support.\nOrder {order_id} is on its way. {Agent} { agent } - Ann Agent')

    const stored = (await fetch(web.baseUrl + '/v1/agent/saved-replies', { headers: { authorization: `Bearer ${tokens.ann}` } }).then((r) => r.json())) as {
      saved_replies: Array<{ title: string; text: string }>
    }
    expect(stored.saved_replies.find((r) => r.title === 'Introduction')?.text).toBe('Hi, this is {agent} from support.')
    expect(errors).toEqual([])
    await page.close()
  })

  it('the live indicator has text and a "Failed to fetch" clears once the server answers again', async () => {
    const page = await open()
    await signIn(page, tokens.ann)
    expect(await page.textContent('#live')).toBe('live')
    await page.context().setOffline(true)
    await page.check('#f-mine')
    await page.locator('#flash.error', { hasText: 'Failed to fetch' }).waitFor()
    await page.context().setOffline(false)
    await page.uncheck('#f-mine')
    await page.locator('#flash').waitFor({ state: 'hidden' })
    await page.close()
  })

  it('a 401 on the event stream (token revoked) signs out instead of retrying', async () => {
    const page = await open()
    await page.route('**/v1/agent/events', (route) =>
      route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'The staff token was revoked.' }) }),
    )
    let streams = 0
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/agent/events')) streams++
    })
    await page.fill('#token', tokens.ann)
    await page.click('#login button[type=submit]')
    await page.locator('#flash.error', { hasText: 'revoked' }).waitFor({ timeout: 5000 })
    expect(await page.isVisible('#login')).toBe(true)
    expect(await page.isVisible('#me')).toBe(false)
    await page.waitForTimeout(2500)
    expect(streams).toBe(1)
    await page.close()
  })
})

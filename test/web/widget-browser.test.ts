/**
 * The embeddable widget end to end in headless Chromium: a plain shop page on one origin embeds
 * widget.js from another (through a proxy that can break connections), with a publishable key.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../src/db/client.js'
import { createApiKey, createStaff } from '../../src/auth/credentials.js'
import { hmacSha256Hex } from '../../src/auth/secrets.js'
import { rotateIdentitySecret } from '../../src/auth/identity.js'
import { DEFAULT_NOTICE } from '../../src/privacy/config.js'
import { createTestApp } from '../support/app.js'
import { findChromiumOrWarn, listen, pageErrors, useBrowserApp } from '../support/browser.js'
import { startCuttingProxy, type CuttingProxy } from './widget-proxy.js'

const chromiumPath = findChromiumOrWarn('the widget browser tests')

const ARTIFACTS = 'test/artifacts'
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

describe.skipIf(!chromiumPath)('chat widget in a real browser', () => {
  // web.baseUrl is the widget's API; the shop's page reaches it only through the proxy.
  const web = useBrowserApp(() => createTestApp('pglite', { ALLOW_ANONYMOUS: 'false', RATE_LIMIT_ENABLED: 'false', HANDOFF_HEARTBEAT_SECONDS: '2' }))
  let proxy: CuttingProxy
  let shop: Awaited<ReturnType<typeof listen>>
  let pk: string
  let agentToken: string
  let identitySecret: string

  beforeAll(async () => {
    pk = (await createApiKey(web.t.deps.db, 'demo', 'publishable', 'shop widget')).key
    agentToken = (await createStaff(web.t.deps.db, 'demo', 'Ann Agent', 'agent')).token
    identitySecret = (await rotateIdentitySecret(web.t.deps.db, 'demo')).secret!
    proxy = await startCuttingProxy(web.baseUrl)
    // The shop: another origin (another port) with nothing on it but the script tag.
    shop = await listen((req) => {
      const q = new URL(req.url).searchParams
      const attrs = Object.entries({ key: pk, lang: q.get('lang'), color: '#0a7', 'user-id': q.get('user'), 'user-hash': q.get('hash') })
        .filter(([, v]) => v)
        .map(([k, v]) => `data-${k}="${v}"`)
        .join(' ')
      const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lumen Home</title></head>
<body style="font-family:sans-serif;margin:40px"><h1>Lumen Home</h1><p>Lamps, linen and everything for a calm home.</p>
<script src="${proxy.url}/widget.js" ${attrs}></script></body></html>`
      return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
    })
    mkdirSync(ARTIFACTS, { recursive: true })
  })
  afterAll(async () => {
    await shop?.close()
    await proxy?.close()
  })

  async function openShop(context: BrowserContext, query = '', viewport = DESKTOP) {
    const page = await context.newPage()
    await page.setViewportSize(viewport)
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(String(e)))
    await page.goto(`${shop.url}/${query}`)
    return { page, problems }
  }
  const stored = async (page: Page) =>
    page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('parley:'))!
      return JSON.parse(localStorage.getItem(key)!) as { cid: string; conv: string; last: number | null; outbox: unknown[] }
    })
  const transcript = (conversationId: string) =>
    queryRows<{ id: string; role: string; text: string }>(web.t.deps.db, sql`SELECT id, role, text FROM messages WHERE conversation_id = ${conversationId} ORDER BY seq`)
  const retained = async (conversationId: string) =>
    (await queryRows<{ retain: boolean }>(web.t.deps.db, sql`SELECT retain FROM conversation_privacy WHERE conversation_id = ${conversationId}`))[0]?.retain
  const shownIds = (page: Page) => page.locator('li.msg[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
  const agent = async (path: string, body?: unknown) => {
    const res = await fetch(web.baseUrl + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    expect(res.status).toBeLessThan(300)
    return res.json() as Promise<any>
  }
  // The handoff is written by the turn, which may still be running when the widget shows its first sign of it.
  const openHandoff = async (conversationId: string) => {
    const find = async () => (await queryRows<{ id: string }>(web.t.deps.db, sql`SELECT id FROM handoffs WHERE conversation_id = ${conversationId} AND state IN ('waiting', 'claimed')`))[0]?.id
    await expect.poll(find, { timeout: 10_000 }).toBeTruthy()
    return (await find())!
  }

  async function send(page: Page, text: string) {
    const input = page.getByRole('textbox', { name: /Your message|您的消息/ })
    await input.fill(text)
    await input.press('Enter')
  }

  const LANGS = [
    {
      lang: 'en', question: 'how do I return an item?', person: 'I want to talk to a person',
      agentReply: 'Hi, this is Ann from support. I can help with your return.',
      texts: { open: 'Chat with us', forget: "Don't keep a copy of this chat", ai: 'AI-generated', waiting: /connecting you/, human: /chatting with Ann Agent/, rate: 'How did we do?', submit: 'Send rating', thanks: /Thank you/ },
      rating: 4, comment: 'Quick and friendly',
    },
    {
      lang: 'zh', question: '我想退货，怎么操作？', person: '我要转人工客服',
      agentReply: '您好，我是客服 Ann，我来帮您办理退货。',
      texts: { open: '联系客服', forget: '不保存本次对话记录', ai: 'AI 生成', waiting: /转接人工客服/, human: /Ann Agent 正在为您服务/, rate: '请为本次服务评分', submit: '提交评价', thanks: /感谢/ },
      rating: 5, comment: '服务很好',
    },
  ] as const

  for (const L of LANGS) {
    it(`${L.lang}: streamed answer with a citation, hand-off, a live agent reply, resolve and rating`, async () => {
      const context = await web.browser.newContext()
      const { page, problems } = await openShop(context, `?lang=${L.lang}`)
      const answers: string[] = []
      page.on('response', (r) => {
        if (r.request().method() === 'POST' && r.url().endsWith('/messages')) answers.push(String(r.headers()['content-type']))
      })

      const bubble = page.getByRole('button', { name: L.texts.open })
      await bubble.click()
      await page.getByRole('dialog').waitFor()
      const focused = await page.getByRole('textbox', { name: /Your message|您的消息/ }).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)
      expect(focused).toBe(true)

      await send(page, L.question)
      const answer = page.locator('li.msg.bot[data-id]:not(.streaming)').first()
      await answer.waitFor()
      const link = answer.locator('.cites a').first()
      await expect(link.getAttribute('href')).resolves.toMatch(/^https:\/\//)
      await expect(answer.locator('.ai').textContent()).resolves.toBe(L.texts.ai)
      // The privacy notice from POST /v1/conversations, in the widget's language, once.
      await expect(page.locator('p.privacy').allTextContents()).resolves.toEqual([DEFAULT_NOTICE[L.lang]])
      await expect(page.locator('p.privacy').isVisible()).resolves.toBe(true)
      expect(answers[0]).toMatch(/text\/event-stream/) // the answer came as a stream
      const { conv } = await stored(page)
      // The privacy choice, left alone: the transcript is kept, and the choice is now shown, not offered.
      const choice = page.getByRole('checkbox', { name: L.texts.forget })
      await expect(choice.isChecked()).resolves.toBe(false)
      await expect(choice.isDisabled()).resolves.toBe(true)
      await expect(retained(conv)).resolves.toBe(true)
      const [, bot] = await transcript(conv)
      expect(bot.text.length).toBeGreaterThan(20)
      await expect(answer.locator('.text').textContent()).resolves.toBe(bot.text)
      await page.screenshot({ path: `${ARTIFACTS}/widget-${L.lang}-desktop.png` })

      // Ask for a person: a clear notice, then the agent's reply arrives live.
      await send(page, L.person)
      await page.getByRole('status').filter({ hasText: L.texts.waiting }).waitFor()
      const handoffId = await openHandoff(conv)
      await agent(`/v1/agent/handoffs/${handoffId}/claim`)
      await agent(`/v1/agent/handoffs/${handoffId}/reply`, { text: L.agentReply })
      await page.locator('li.msg.agent', { hasText: L.agentReply }).waitFor()
      await page.getByRole('status').filter({ hasText: L.texts.human }).waitFor()

      // The agent resolves: the rating prompt; 1-5 and a comment, stored.
      await agent(`/v1/agent/handoffs/${handoffId}/resolve`)
      const form = page.locator('form.rate')
      await form.getByRole('group', { name: L.texts.rate }).waitFor()
      await form.locator('label').nth(L.rating - 1).click()
      await form.locator('textarea').fill(L.comment)
      await form.getByRole('button', { name: L.texts.submit }).click()
      await page.locator('.thanks').filter({ hasText: L.texts.thanks }).waitFor()
      const [feedback] = await queryRows<{ rating: number; comment: string; handoff_id: string }>(web.t.deps.db, sql`SELECT rating, comment, handoff_id FROM handoff_feedback WHERE conversation_id = ${conv}`)
      expect(feedback).toEqual({ rating: L.rating, comment: L.comment, handoff_id: handoffId })
      await page.screenshot({ path: `${ARTIFACTS}/widget-${L.lang}-resolved-desktop.png` })

      // Another page load at phone width: the same conversation, each message once.
      const phone = await openShop(context, `?lang=${L.lang}`, PHONE)
      await phone.page.getByRole('button', { name: L.texts.open }).click()
      await expect.poll(() => shownIds(phone.page)).toEqual((await transcript(conv)).map((m) => m.id))
      await phone.page.locator('.thanks').waitFor()
      await phone.page.screenshot({ path: `${ARTIFACTS}/widget-${L.lang}-phone.png` })
      const box = await phone.page.getByRole('dialog').boundingBox()
      expect(box?.width).toBe(PHONE.width)

      expect([...problems, ...phone.problems]).toEqual([])
      await context.close()
    })
  }

  it('the privacy choice is fixed while the first message is starting the conversation, so a late tick is not lost', async () => {
    const context = await web.browser.newContext()
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let started!: () => void
    const creating = new Promise<void>((resolve) => (started = resolve))
    await context.route('**/v1/conversations', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      started()
      await held
      await route.continue()
    })
    const { page, problems } = await openShop(context, '?lang=en')
    await page.getByRole('button', { name: 'Chat with us' }).click()
    const choice = page.getByRole('checkbox', { name: "Don't keep a copy of this chat" })
    await send(page, 'how do I return an item?')
    await creating
    // Sent with retain true: the box cannot be ticked until the server has answered.
    await expect(choice.isDisabled()).resolves.toBe(true)
    release()
    await page.locator('li.msg.bot[data-id]:not(.streaming)').first().waitFor()
    const { conv } = await stored(page)
    await expect(retained(conv)).resolves.toBe(true)
    await expect(choice.isChecked()).resolves.toBe(false)
    expect(problems).toEqual([])
    await context.close()
  })

  it('zh: the privacy choice is reached by keyboard, starts the conversation with retain false and is then read-only, after a reload too', async () => {
    const context = await web.browser.newContext()
    const { page, problems } = await openShop(context, '?lang=zh', PHONE)
    await page.getByRole('button', { name: '联系客服' }).click()
    const choice = page.getByRole('checkbox', { name: '不保存本次对话记录' })
    await expect(choice.isDisabled()).resolves.toBe(false)
    // One step back from the message box (focused on opening) is the choice; Space ticks it.
    await page.keyboard.press('Shift+Tab')
    await expect(choice.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true)
    await page.keyboard.press('Space')
    await expect(choice.isChecked()).resolves.toBe(true)
    await expect(page.locator('p.choice').innerText()).resolves.toBe('不保存本次对话记录')
    await page.screenshot({ path: `${ARTIFACTS}/widget-zh-choice-phone.png` })

    await send(page, '我想退货，怎么操作？')
    await page.locator('li.msg.bot[data-id]:not(.streaming)').first().waitFor()
    const { conv } = await stored(page)
    await expect(retained(conv)).resolves.toBe(false)
    // The API cannot change the choice any more: ticked, disabled, and saying when it was made.
    await expect(choice.isChecked()).resolves.toBe(true)
    await expect(choice.isDisabled()).resolves.toBe(true)
    await expect(page.locator('p.choice').innerText()).resolves.toBe('不保存本次对话记录（对话开始时已选定）')

    await page.reload()
    await page.getByRole('button', { name: '联系客服' }).click()
    await expect.poll(() => shownIds(page)).toEqual((await transcript(conv)).map((m) => m.id))
    await expect(choice.isChecked()).resolves.toBe(true)
    await expect(choice.isDisabled()).resolves.toBe(true)

    // 新对话 offers the choice again, unticked as the API's default.
    await page.getByRole('button', { name: '新对话' }).click()
    await expect(choice.isChecked()).resolves.toBe(false)
    await expect(choice.isDisabled()).resolves.toBe(false)
    await expect(page.locator('p.choice').innerText()).resolves.toBe('不保存本次对话记录')
    expect(problems).toEqual([])
    await context.close()
  })

  it('en: New chat (by keyboard) leaves the answered conversation on the server, and the next message starts another; hidden during a hand-off', async () => {
    const context = await web.browser.newContext()
    const { page, problems } = await openShop(context, '?lang=en')
    await page.getByRole('button', { name: 'Chat with us' }).click()
    const fresh = page.getByRole('button', { name: 'New chat' })
    const choice = page.getByRole('checkbox', { name: "Don't keep a copy of this chat" })
    await expect(fresh.count()).resolves.toBe(0) // no conversation yet
    await choice.check()
    await send(page, 'how do I return an item?')
    await page.locator('li.msg.bot[data-id]:not(.streaming)').first().waitFor()
    const first = await stored(page)
    await fresh.waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/widget-en-new-chat-desktop.png` })

    await fresh.focus()
    await page.keyboard.press('Enter')
    await expect(page.locator('li.msg').count()).resolves.toBe(0)
    await expect(page.locator('p.privacy').isVisible()).resolves.toBe(false)
    await expect(choice.isChecked()).resolves.toBe(false)
    await expect(choice.isDisabled()).resolves.toBe(false)
    await expect(page.getByRole('textbox', { name: 'Your message' }).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true)
    await expect(fresh.count()).resolves.toBe(0)
    expect(await stored(page)).toMatchObject({ cid: first.cid, conv: null, last: null })

    await send(page, 'I want to talk to a person')
    await page.getByRole('status').filter({ hasText: /connecting you/ }).waitFor()
    const second = await stored(page)
    expect(second.conv).not.toBe(first.conv)
    const owners = await queryRows<{ id: string; customer_id: string }>(web.t.deps.db, sql`SELECT id, customer_id FROM conversations WHERE id IN (${first.conv}, ${second.conv})`)
    expect(owners).toHaveLength(2)
    expect(owners[0].customer_id).toBe(owners[1].customer_id)
    expect((await transcript(first.conv)).map((m) => m.text)).toEqual(['how do I return an item?', expect.any(String)])
    expect((await transcript(second.conv))[0].text).toBe('I want to talk to a person')
    await expect(retained(first.conv)).resolves.toBe(false)
    await expect(retained(second.conv)).resolves.toBe(true)
    await expect.poll(() => shownIds(page)).toEqual((await transcript(second.conv)).map((m) => m.id))
    await expect(page.locator('p.privacy').allTextContents()).resolves.toEqual([DEFAULT_NOTICE.en])
    // A person is awaited: no way out of the conversation from here.
    await expect(fresh.count()).resolves.toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('after a reload while a person is chatting, names that person (and announces nothing wrong); the notice stays', async () => {
    const context = await web.browser.newContext()
    const { page, problems } = await openShop(context, '?lang=en')
    await page.getByRole('button', { name: 'Chat with us' }).click()
    await send(page, 'I want to talk to a person')
    await page.getByRole('status').filter({ hasText: /connecting you/ }).waitFor()
    const { conv } = await stored(page)
    const handoffId = await openHandoff(conv)
    await agent(`/v1/agent/handoffs/${handoffId}/claim`)
    await agent(`/v1/agent/handoffs/${handoffId}/reply`, { text: 'Ann here, how can I help?' })
    await page.getByRole('status').filter({ hasText: /chatting with Ann Agent/ }).waitFor()

    await page.reload()
    await page.getByRole('button', { name: 'Chat with us' }).click()
    await expect.poll(() => shownIds(page)).toEqual((await transcript(conv)).map((m) => m.id))
    await page.getByRole('status').filter({ hasText: /chatting with Ann Agent/ }).waitFor({ timeout: 5_000 })
    await expect(page.getByRole('button', { name: 'New chat' }).count()).resolves.toBe(0)
    // The page load itself is not news: the live region says nothing, least of all "connecting you".
    await expect(page.locator('[aria-live="polite"]').textContent()).resolves.toBe('')
    await expect(page.locator('p.privacy').allTextContents()).resolves.toEqual([DEFAULT_NOTICE.en])
    expect(problems).toEqual([])
    await context.close()
  })

  it('a cut answer stream, a dropped live stream and an offline message: every message exactly once', async () => {
    const context = await web.browser.newContext()
    const { page, problems } = await openShop(context, '?lang=en')
    await page.getByRole('button', { name: 'Chat with us' }).click()

    // 1. The answer's connection dies after its first sentence: the widget retries with the same
    //    Idempotency-Key and the server replays the stored turn instead of running it twice.
    proxy.cutNextAnswer()
    const cutsBefore = proxy.cuts
    const keysBefore = proxy.messageKeys.length
    await send(page, 'how do I return an item?')
    await page.locator('li.msg.bot[data-id]:not(.streaming) .cites a').first().waitFor()
    expect(proxy.cuts).toBe(cutsBefore + 1)
    const keys = proxy.messageKeys.slice(keysBefore)
    expect(keys.length).toBeGreaterThanOrEqual(2)
    expect(new Set(keys).size).toBe(1)
    const { conv } = await stored(page)
    await expect.poll(async () => (await transcript(conv)).map((m) => m.role)).toEqual(['customer', 'bot'])
    await expect.poll(() => shownIds(page)).toEqual((await transcript(conv)).map((m) => m.id))

    // 2. Hand-off; the live stream drops, an agent reply is written while the widget is cut off,
    //    and the reconnect resumes from the last event id.
    await send(page, 'I want to talk to a person')
    await expect.poll(() => proxy.openEventStreams()).toBeGreaterThan(0)
    const handoffId = await openHandoff(conv)
    await agent(`/v1/agent/handoffs/${handoffId}/claim`)
    await agent(`/v1/agent/handoffs/${handoffId}/reply`, { text: 'First reply from Ann.' })
    await page.locator('li.msg.agent', { hasText: 'First reply from Ann.' }).waitFor()
    const seqOfFirst = (await transcript(conv)).length
    proxy.refuseEvents = true
    const requestsBefore = proxy.lastEventIds.length
    proxy.dropEventStreams()
    await page.getByRole('status').filter({ hasText: /Reconnecting/ }).waitFor()
    await agent(`/v1/agent/handoffs/${handoffId}/reply`, { text: 'Second reply, sent while you were away.' })
    proxy.refuseEvents = false
    await page.locator('li.msg.agent', { hasText: 'Second reply, sent while you were away.' }).waitFor()
    expect(proxy.lastEventIds.slice(requestsBefore).every((id) => Number(id) >= seqOfFirst)).toBe(true)

    // 3. A message typed while offline waits in the outbox and is sent once when back.
    await context.setOffline(true)
    await send(page, 'are you still there?')
    await page.locator('li.msg.customer.pending', { hasText: 'are you still there?' }).waitFor()
    await expect.poll(async () => (await stored(page)).outbox.length).toBe(1)
    await context.setOffline(false)
    await expect.poll(async () => (await transcript(conv)).filter((m) => m.text === 'are you still there?').length).toBe(1)
    await expect.poll(async () => (await stored(page)).outbox.length).toBe(0)

    // Every stored message is shown exactly once, in order, and a reload shows the same.
    const ids = (await transcript(conv)).map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect((await transcript(conv)).map((m) => m.role)).toEqual(['customer', 'bot', 'customer', 'bot', 'agent', 'agent', 'customer'])
    await expect.poll(() => shownIds(page)).toEqual(ids)
    await page.reload()
    await page.getByRole('button', { name: 'Chat with us' }).click()
    await expect.poll(() => shownIds(page)).toEqual(ids)
    expect(problems).toEqual([])
    await context.close()
  })

  it('GET /chat is a working full-page chat (same origin, with the key in the URL) under its CSP', async () => {
    const context = await web.browser.newContext()
    const page = await context.newPage()
    await page.setViewportSize(PHONE)
    const problems = pageErrors(page)
    await page.goto(`${web.baseUrl}/chat?lang=zh&key=${pk}`)
    await page.getByRole('region', { name: '在线客服' }).waitFor()
    await send(page, '我的退款什么时候到账?')
    await page.locator('li.msg.bot[data-id]:not(.streaming)').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/chat-page-zh-phone.png` })
    expect(problems).toEqual([])
    await context.close()
  })

  it('asks "Was this helpful?" under an answer: the vote is sent, can be changed, and is shown again after a reload', async () => {
    const context = await web.browser.newContext()
    const { page, problems } = await openShop(context)
    await page.getByRole('button', { name: 'Chat with us' }).click()
    await send(page, 'how do I return an item?')
    const answer = page.locator('li.msg.bot[data-id]:not(.streaming)').first()
    await answer.waitFor()
    const id = (await answer.getAttribute('data-id'))!
    const votes = () => queryRows<{ helpful: boolean }>(web.t.deps.db, sql`SELECT helpful FROM answer_feedback WHERE message_id = ${id}`)
    const group = answer.getByRole('group', { name: 'Was this helpful?' })
    await group.getByRole('button', { name: 'Not helpful' }).click()
    await group.getByText('Thanks for your feedback.').waitFor()
    expect(await group.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe('true')
    expect(await votes()).toEqual([{ helpful: false }])
    // A change of mind replaces the vote.
    await group.getByRole('button', { name: 'Helpful', exact: true }).click()
    await expect.poll(votes).toEqual([{ helpful: true }])
    // The buttons change once the widget has the server's answer, which may come after the row is written.
    await expect.poll(() => group.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true')
    expect(await group.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe('false')
    await page.reload()
    await page.getByRole('button', { name: 'Chat with us' }).click()
    const again = page.locator(`li.msg.bot[data-id="${id}"]`).getByRole('group', { name: 'Was this helpful?' })
    expect(await again.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true')
    // A hand-off notice is no answer: nothing to rate under it.
    await send(page, 'I want to talk to a person')
    await page.locator('li.msg.bot[data-id]').nth(1).waitFor()
    expect(await page.locator('li.msg.bot[data-id]').nth(1).getByRole('group', { name: 'Was this helpful?' }).count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('names the sources under a reply, with a link where the page has a URL and without one where it has none', async () => {
    const { token } = await createStaff(web.t.deps.db, 'demo', 'Mo ML', 'ml')
    const res = await fetch(`${web.baseUrl}/v1/kb/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'gift-wrap-en', title: 'Gift wrapping', text: 'We gift wrap any order for $4.99 with a handwritten card. Choose Gift wrap on the checkout page.', format: 'text', lang: 'en' }),
    })
    expect(res.status).toBe(201)
    const context = await web.browser.newContext()
    const page = await context.newPage()
    const problems = pageErrors(page)
    await page.goto(`${web.baseUrl}/chat?lang=en&key=${pk}`)
    await send(page, 'Can you gift wrap my order with a card?')
    const answer = page.locator('li.msg.bot[data-id]:not(.streaming)').first()
    await answer.waitFor()
    await expect(answer.locator('.text').textContent()).resolves.toContain('$4.99')
    // The reply is the answer itself; its source is named below it, as plain text without a URL.
    await expect(answer.locator('.text').textContent()).resolves.not.toMatch(/According to/)
    await expect(answer.locator('.cites li').first().textContent()).resolves.toBe('Gift wrapping')
    await expect(answer.locator('.cites li a').count()).resolves.toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('identity verification from the page: a signed user works cross-origin, a wrong hash is refused and nothing is stored', async () => {
    const context = await web.browser.newContext()
    const good = await hmacSha256Hex(identitySecret, 'cust-1001')
    const { page } = await openShop(context, `?lang=en&user=cust-1001&hash=${good}`)
    await page.getByRole('button', { name: 'Chat with us' }).click()
    await send(page, 'how long does shipping take?')
    await page.locator('li.msg.bot[data-id]:not(.streaming)').waitFor()
    const [mine] = await queryRows<{ customer_id: string }>(web.t.deps.db, sql`SELECT customer_id FROM conversations WHERE id = ${(await stored(page)).conv}`)
    expect(mine.customer_id).toBe('user:cust-1001')
    await context.close()

    const count = async () => (await queryRows<{ n: number }>(web.t.deps.db, sql`SELECT count(*)::int AS n FROM messages`))[0].n
    const before = await count()
    const other = await web.browser.newContext()
    const wrong = await openShop(other, `?lang=en&user=cust-1001&hash=${'0'.repeat(64)}`)
    const refused = wrong.page.waitForResponse((r) => r.url().endsWith('/v1/conversations') && r.request().method() === 'POST')
    await wrong.page.getByRole('button', { name: 'Chat with us' }).click()
    await send(wrong.page, 'hello')
    const res = await refused
    expect(res.status()).toBe(401)
    expect((await res.json()).detail).toMatch(/X-User-Hash does not match/)
    await wrong.page.locator('li.msg.failed', { hasText: /X-User-Hash does not match/ }).waitFor()
    expect(await count()).toBe(before)
    await other.close()

    // In Chinese the English server text gives way to a reason in Chinese.
    const zh = await web.browser.newContext()
    const wrongZh = await openShop(zh, `?lang=zh&user=cust-1001&hash=${'0'.repeat(64)}`)
    await wrongZh.page.getByRole('button', { name: '联系客服' }).click()
    await send(wrongZh.page, '你好')
    await expect(wrongZh.page.locator('li.msg.failed .note').textContent()).resolves.toBe('发送失败：身份验证失败。')
    await zh.close()
  })
})

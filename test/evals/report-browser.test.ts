/** report.html in headless Chromium: a person reads it, so every column of every table must be on the page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { renderHtml } from '../../evals/report/html.js'
import { buildReport } from '../../evals/report/write.js'
import { findChromium, launchChromium, pageErrors } from '../support/browser.js'
import { scored } from './helpers.js'

const chromiumPath = findChromium()
let browser: Browser

describe.skipIf(!chromiumPath)('report.html in a real browser', () => {
  beforeAll(async () => {
    browser = await launchChromium(chromiumPath!)
  })
  afterAll(() => browser?.close())

  it('fits the failure table in the page, however long the expectations and replies', async () => {
    const longIds = Array.from({ length: 6 }, (_, i) => `a-rather-long-document-identifier-${i}`)
    const cases = [
      scored('en-orders-001', { intent: 'order_place', route: 'answer', doc_ids: longIds, answer_contains: ['guest checkout without an account'] }, { intent: 'order_place', message: 'x'.repeat(400), cited_doc_ids: ['devices-bulb-pairing-en'] }),
      scored('zh-orders-002', { intent: 'order_place', route: 'answer' }, { intent: 'order_status', route: 'handoff', message: '我已将本次对话转接给人工客服'.repeat(8) }, { lang: 'zh' }),
    ]
    const html = renderHtml(buildReport({ dataset: 'demo.jsonl', format: 'parley', provider: 'local', runs: 1, notes: [], cases, createdAt: new Date() }))
    for (const width of [1280, 800]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } })
      const errors = pageErrors(page)
      await page.setContent(html)
      const layout = await page.evaluate(() => ({
        pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        idWraps: [...document.querySelectorAll('td.id')].some((td) => {
          const range = document.createRange()
          range.selectNodeContents(td)
          return range.getClientRects().length > 1
        }),
        headers: [...document.querySelectorAll('table th')].map((th) => th.textContent),
      }))
      expect(layout.pageWidth, `page scrolls sideways at ${width} px`).toBeLessThanOrEqual(layout.viewport)
      expect(layout.idWraps).toBe(false)
      expect(layout.headers).toEqual(expect.arrayContaining(['reply', 'failed checks']))
      expect(await page.textContent('body')).toContain('answer (no gold document cited)')
      expect(errors).toEqual([])
      await page.close()
    }
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../src/db/client.js'
import { deleteDocument, ingestDocument } from '../../src/knowledge/ingest.js'
import { DEFAULT_WEIGHTS, frameTerms, rerank, searchKnowledge, searchWithCoverage, toChunkRecord, toTsQuery, type Candidate } from '../../src/knowledge/search.js'
import { indexTerms } from '../../src/text/tokenize.js'
import { createLocalEmbedder } from '../../src/models/local/embedder.js'
import { DRIVERS, openTestDatabase, type TestDatabase } from '../support/db.js'

const embedder = createLocalEmbedder({ dim: 512 })
const chunking = { chunkSize: 400, chunkOverlap: 40 }

const DOCS = [
  { id: 'returns', title: 'Returning an item', text: 'You can return any item within 30 days of delivery. Start a return from the Orders page and print the prepaid label.' },
  { id: 'shipping', title: 'Shipping times', text: 'Standard shipping takes 3 to 5 business days. Express shipping arrives in 1 to 2 business days.' },
  { id: 'password', title: 'Reset your password', text: 'Click "Forgot password" on the sign-in page and follow the link we e-mail you. The link expires after 24 hours.' },
  { id: 'refund-zh', title: '退款到账时间', text: '退货入库后，我们会在3个工作日内处理退款。支付宝和微信支付的退款通常1到3天到账，银行卡需要5到7个工作日。', lang: 'zh' as const },
  { id: 'invoice-zh', title: '开具发票', text: '您可以在订单详情页申请电子发票，发票会在24小时内发送到您的邮箱。' , lang: 'zh' as const },
]

describe.each(DRIVERS)('knowledge base on %s', (driver) => {
  let database: TestDatabase
  const deps = () => ({ db: database.db, embedder, chunking })

  beforeAll(async () => {
    database = await openTestDatabase(driver)
    for (const doc of DOCS) await ingestDocument(deps(), 't1', { ...doc, format: 'text' })
  })
  afterAll(async () => database?.dispose())

  it('ranks the answering document first, in English and Chinese', async () => {
    const [en] = await searchKnowledge(deps(), 't1', 'how do I return an item I bought?', { k: 3 })
    expect(en.docId).toBe('returns')
    const [zh] = await searchKnowledge(deps(), 't1', '我的退款什么时候到账？', { k: 3 })
    expect(zh.docId).toBe('refund-zh')
  })

  it('fuses full-text and vector ranks and reports both signals', async () => {
    const hits = await searchKnowledge(deps(), 't1', 'express shipping business days', { k: 5 })
    expect(hits[0].docId).toBe('shipping')
    expect(hits[0].textRank).toBeGreaterThan(0)
    expect(hits[0].similarity).toBeGreaterThan(hits[hits.length - 1].similarity)
  })

  it('finds nothing for a query without words, and never reports an undefined similarity', async () => {
    for (const q of ['***', '😀', '?!']) expect(await searchKnowledge(deps(), 't1', q, { k: 3 })).toEqual([])
    await ingestDocument(deps(), 't2', { id: 'symbols', title: '★', text: '★ ★ ★', format: 'text' })
    await ingestDocument(deps(), 't2', { id: 'words', title: 'Shipping', text: 'Standard shipping takes 3 to 5 business days.', format: 'text' })
    const hits = await searchKnowledge(deps(), 't2', 'shipping days', { k: 5 })
    expect(hits.map((h) => h.docId)[0]).toBe('words')
    for (const h of hits) expect(Number.isFinite(h.similarity) && Number.isFinite(h.score)).toBe(true)
  })

  it('measures how much of a question’s wording the knowledge base uses, rare words weighing most', async () => {
    const coverage = async (q: string) => (await searchWithCoverage(deps(), 't1', q, { k: 3 })).termCoverage
    expect(await coverage('express shipping: business days?')).toBe(1)
    // "password" is there, "football" and "weather" are not: a question about something else.
    expect(await coverage('who won the football game last night?')).toBe(0)
    const mixed = await coverage('reset my password before the weather turns')
    expect(mixed).toBeGreaterThan(0)
    expect(mixed).toBeLessThan(1)
    // Han pairs say nothing about coverage (they are cut across words): a Chinese question is not judged.
    expect(await coverage('明天天气怎么样')).toBe(1)
  })

  it('tells each hit its chunk’s position in the document', async () => {
    const long = Array.from({ length: 3 }, (_, i) => `Part ${i + 1}\n\n${'Warranty claims need a receipt and the serial number. '.repeat(5)}Section ${i + 1} ends here.`).join('\n\n')
    await ingestDocument(deps(), 't1', { id: 'warranty-parts', title: 'Warranty claims', text: long, format: 'text' })
    const hits = (await searchKnowledge(deps(), 't1', 'warranty claim receipt serial number section', { k: 10 })).filter((h) => h.docId === 'warranty-parts')
    expect(hits.map((h) => h.ordinal).sort()).toEqual([0, 1, 2])
    for (const h of hits) expect(h.text).toContain(`Section ${h.ordinal + 1} ends here.`)
    await deleteDocument(database.db, 't1', 'warranty-parts')
  })

  it('keeps tenants apart', async () => {
    expect(await searchKnowledge(deps(), 'other-tenant', 'return an item', { k: 3 })).toEqual([])
  })

  it('replaces a document’s chunks when it is ingested again, and skips unchanged content', async () => {
    const doc = { id: 'returns', title: 'Returning an item', format: 'text' as const, text: 'Returns are accepted within 60 days. Use the returns portal.' }
    expect((await ingestDocument(deps(), 't1', doc)).changed).toBe(true)
    expect((await ingestDocument(deps(), 't1', doc)).changed).toBe(false)
    const rows = await queryRows<{ text: string }>(database.db, sql`SELECT text FROM chunks WHERE tenant_id = 't1' AND doc_id = 'returns'`)
    expect(rows.map((r) => r.text).join(' ')).toContain('60 days')
    expect(rows.map((r) => r.text).join(' ')).not.toContain('30 days')
  })

  it('deletes a document with its chunks', async () => {
    await ingestDocument(deps(), 't1', { id: 'tmp', title: 'Temporary', text: 'temporary words', format: 'text' })
    expect(await deleteDocument(database.db, 't1', 'tmp')).toBe(true)
    expect(await deleteDocument(database.db, 't1', 'tmp')).toBe(false)
    const hits = await searchKnowledge(deps(), 't1', 'temporary words', { k: 10 })
    expect(hits.some((h) => h.docId === 'tmp')).toBe(false)
  })

  it('builds an OR tsquery of analyzed terms only', () => {
    expect(toTsQuery("Returned items' & | ! (shipping)")).toBe('return | item | ship')
    expect(toTsQuery('退款到账')).toMatch(/退款/)
    expect(toTsQuery('the and of')).toBe('')
  })
})

describe('re-ranking', () => {
  const cand = (id: string, docId: string, title: string, text: string, similarity: number, lang = 'en'): Candidate =>
    ({ ...toChunkRecord({ id, docId, ordinal: 0, title, url: null, lang, text, searchText: indexTerms(`${title} ${text}`).join(' ') }), similarity })

  it('ranks two pages with the same text the same way whatever order their chunks arrive in', () => {
    const text = 'You may be eligible for a higher disability benefit based on your own work.'
    const a = cand('9f-random-id', 'benefits-2', 'Benefits', text, 0.4)
    const b = cand('1a-random-id', 'benefits-1', 'Benefits', text, 0.4)
    const stats = { chunks: 20, df: new Map<string, number>() }
    const terms = ['disability', 'benefit']
    expect(rerank([a, b], terms, stats, DEFAULT_WEIGHTS).map((h) => h.docId)).toEqual(['benefits-1', 'benefits-2'])
    expect(rerank([b, a], terms, stats, DEFAULT_WEIGHTS).map((h) => h.docId)).toEqual(['benefits-1', 'benefits-2'])
  })

  it("prefers chunks in the question's language, and keeps the order when every chunk is in another", () => {
    const cands = [
      cand('en', 'shipping-en', 'Shipping', 'Standard delivery takes 3-5 business days.', 0.3),
      cand('zh', 'shipping-zh', '配送时效', '标准配送一般 3-5 天送达。', 0.2, 'zh'),
    ]
    const stats = { chunks: 20, df: new Map<string, number>() }
    expect(rerank(cands, [], stats, DEFAULT_WEIGHTS, 'zh').map((h) => h.chunkId)).toEqual(['zh', 'en'])
    expect(rerank(cands, [], stats, DEFAULT_WEIGHTS, 'en').map((h) => h.chunkId)).toEqual(['en', 'zh'])
    expect(rerank(cands, [], stats, DEFAULT_WEIGHTS).map((h) => h.chunkId)).toEqual(['en', 'zh'])
    const englishOnly = [cands[0], cand('en2', 'returns-en', 'Returns', 'Return within 30 days.', 0.1)]
    expect(rerank(englishOnly, [], stats, DEFAULT_WEIGHTS, 'zh').map((h) => h.chunkId)).toEqual(['en', 'en2'])
  })

  it('prefers the chunk holding the rare query terms over one with only common ones', () => {
    const cands = [
      cand('a', 'orders', 'Orders', 'Your order ships from our warehouse.', 0.3),
      cand('b', 'invoice', 'Invoices', 'Download the PDF invoice of your order.', 0.3),
    ]
    const stats = { chunks: 100, df: new Map([['order', 60], ['invoic', 2], ['pdf', 3]]) }
    const hits = rerank(cands, ['pdf', 'invoic', 'order'], stats, DEFAULT_WEIGHTS)
    expect(hits.map((h) => h.docId)).toEqual(['invoice', 'orders'])
    expect(hits[0].textRank).toBeGreaterThan(hits[1].textRank)
  })

  it('counts a query term in a section heading of the chunk, like one in the title', () => {
    const body = 'Codes arrive within two minutes and stay valid for ten.'
    const cands = [
      cand('plain', 'a', 'Security', `Sign-in codes\n\n${body}`, 0.3),
      cand('headed', 'b', 'Security', `SMS codes\n\n${body}`, 0.3),
    ]
    // Same text terms apart from the heading word, which the query asks for.
    const stats = { chunks: 50, df: new Map([['sms', 2], ['code', 10]]) }
    const hits = rerank(cands, ['sms', 'code'], stats, { ...DEFAULT_WEIGHTS, lexical: 0 })
    expect(hits.map((h) => h.chunkId)).toEqual(['headed', 'plain'])
    const without = rerank(cands, ['sms', 'code'], stats, { ...DEFAULT_WEIGHTS, lexical: 0, heading: 0 })
    expect(without[0].score).toBeCloseTo(without[1].score)
  })

  it('weighs the words that frame a question ("how long … take") less than its topic', () => {
    const cands = [
      cand('steps', 'order-status', 'Check your order status', 'How long each step takes\n\nMost orders move to Processing within 1 hour. Cancelled orders are refunded.', 0.2),
      cand('refunds', 'refund-timing', 'When will I get my refund?', 'Your bank posts the refund within 5-10 business days.', 0.2),
    ]
    const question = 'How long do refunds take?'
    const terms = [...new Set(indexTerms(question))]
    const stats = { chunks: 40, df: new Map([['long', 3], ['take', 4], ['refund', 8]]) }
    expect([...frameTerms(question)]).toEqual(expect.arrayContaining(['long', 'take']))
    expect(frameTerms('Where is my refund?').size).toBe(0)
    expect(frameTerms('退款多久到账').has('多久')).toBe(true)
    expect([...frameTerms('Can I order from you, and what happens with duties?')]).toEqual(['happen'])
    expect(rerank(cands, terms, stats, DEFAULT_WEIGHTS, 'en', frameTerms(question))[0].docId).toBe('refund-timing')
    // Without it, the page that says "how long … takes" outranks the one about refunds.
    expect(rerank(cands, terms, stats, DEFAULT_WEIGHTS, 'en')[0].docId).toBe('order-status')
  })

  it('indexes Chinese as character pairs so different segmentations still meet', () => {
    expect(indexTerms('摄像头录像')).toEqual(expect.arrayContaining(['摄像', '像头', '录像']))
    expect(indexTerms('我的订单')).not.toContain('我的')
    expect(toTsQuery('退款到账')).toMatch(/退款/)
  })
})


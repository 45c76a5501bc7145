/**
 * The Worker end to end on local workerd (`wrangler dev`, no Cloudflare login) against the CI
 * PostgreSQL: Node migrates and ingests a few documents, then a chat turn and a knowledge-base
 * search go through the Worker, and the turn the Worker stored is read back from Node.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createApiKey, createStaff, createTenant } from '../../src/auth/credentials.js'
import { queryRows, type Database } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { openPostgres } from '../../src/db/postgres.js'
import { ingestDocument } from '../../src/knowledge/ingest.js'
import { createLocalEmbedder } from '../../src/models/local/embedder.js'
import { loadConfig } from '../../src/config.js'
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch.js'
import { startWranglerDev, type DevServer } from './wrangler.js'
import { createVault, parseKeys } from '../../src/privacy/vault.js'
import { keySpec, phone, SALT } from '../privacy/helpers.js'
import { sseReader } from '../handoff/sse.js'

const DOCS = [
  { id: 'returns', title: 'Returning an item', text: 'You can return any item within 30 days of delivery. Start a return from the Orders page and print the prepaid return label.' },
  { id: 'shipping', title: 'Shipping times', text: 'Standard shipping takes 3 to 5 business days. Express shipping arrives in 1 to 2 business days.' },
]

describe.runIf(process.env.DATABASE_URL_TEST)('Cloudflare Worker (wrangler dev) on PostgreSQL', () => {
  let scratch: ScratchDatabase
  let database: Database
  let dev: DevServer | undefined
  let persist = ''
  let apiKey = ''
  let staffToken = ''
  let adminToken = ''
  let agentToken = ''
  // The secrets the Worker and the Node servers on its database share.
  const privacy = { PRIVACY_KEYS: keySpec('k1'), PRIVACY_HASH_SALT: SALT }

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    // The Node side: migrations, tenant, credentials and documents, as `npm run db:migrate` / kb:ingest would.
    database = openPostgres({ url: scratch.url, poolMax: 2, statementTimeoutMs: 30_000, efSearch: 40 })
    await migrate(database)
    const config = loadConfig({ DATABASE_URL: scratch.url })
    await createTenant(database.db, 'demo')
    apiKey = (await createApiKey(database.db, 'demo', 'secret', 'worker test')).key
    staffToken = (await createStaff(database.db, 'demo', 'KB editor', 'ml')).token
    adminToken = (await createStaff(database.db, 'demo', 'Privacy admin', 'admin')).token
    agentToken = (await createStaff(database.db, 'demo', 'Queue agent', 'agent')).token
    const ingest = { db: database.db, embedder: createLocalEmbedder({ dim: config.EMBEDDING_DIM }), chunking: { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP } }
    for (const doc of DOCS) await ingestDocument(ingest, 'demo', { ...doc, format: 'text', lang: 'en' })

    persist = await mkdtemp(join(tmpdir(), 'parley-wrangler-'))
    dev = await startWranglerDev({ DATABASE_URL: scratch.url, DEFAULT_TENANT: 'demo', HANDOFF_HEARTBEAT_SECONDS: '1', ...privacy }, persist)
  }, 240_000)

  afterAll(async () => {
    await dev?.stop()
    await database?.close()
    await scratch?.drop()
    if (persist) await rm(persist, { recursive: true, force: true })
  })

  const customer = () => ({ authorization: `Bearer ${apiKey}`, 'x-customer-id': 'cust-1', 'content-type': 'application/json' })

  it('answers /healthz from PostgreSQL', async () => {
    const res = await fetch(`${dev!.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'postgres', provider: { name: 'local', status: 'ok' } })
  })

  it('refuses a body over the limit with a 413 problem, the same as Node', async () => {
    const res = await fetch(`${dev!.url}/v1/conversations`, { method: 'POST', headers: customer(), body: JSON.stringify({ lang: 'en', metadata: { pad: 'x'.repeat(200_000) } }) })
    expect([res.status, res.headers.get('content-type')]).toEqual([413, 'application/problem+json'])
    expect(await res.json()).toMatchObject({ title: 'Content Too Large' })
  })

  it('runs a chat turn through the Worker and stores it in PostgreSQL', async () => {
    const created = await fetch(`${dev!.url}/v1/conversations`, { method: 'POST', headers: customer(), body: JSON.stringify({ lang: 'en' }) })
    if (created.status !== 201) throw new Error(`${created.status} ${await created.text()}\n${dev!.output()}`)
    const { id } = (await created.json()) as { id: string }

    const res = await fetch(`${dev!.url}/v1/conversations/${id}/messages`, { method: 'POST', headers: customer(), body: JSON.stringify({ text: 'How do I return an item I bought?' }) })
    const body = await res.text()
    if (res.status !== 200) throw new Error(`${res.status} ${body}\n${dev!.output()}`)
    const reply = JSON.parse(body) as { message?: string; route?: string }
    expect(typeof reply.message).toBe('string')
    expect(reply.message!.length).toBeGreaterThan(0)

    const turns = await queryRows<{ route: string; retrieved: Array<{ docId: string }> }>(database.db, sql`SELECT route, retrieved FROM turns WHERE conversation_id = ${id}`)
    expect(turns).toHaveLength(1)
    expect(turns[0].retrieved.map((r) => r.docId)).toContain('returns')
    const messages = await queryRows<{ role: string }>(database.db, sql`SELECT role FROM messages WHERE conversation_id = ${id} ORDER BY seq`)
    expect(messages.map((m) => m.role)).toEqual(['customer', 'bot'])
  })

  it('searches and lists the knowledge base through the Worker (staff token, role ml)', async () => {
    const res = await fetch(`${dev!.url}/v1/kb/search?q=${encodeURIComponent('express shipping days')}&k=2`, { headers: { authorization: `Bearer ${staffToken}` } })
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as { results: Array<{ doc_id: string; similarity: number }> }
    expect(results[0].doc_id).toBe('shipping')
    expect(results[0].similarity).toBeGreaterThan(0)
    const listed = await fetch(`${dev!.url}/v1/kb/documents?limit=50`, { headers: { authorization: `Bearer ${staffToken}` } })
    expect(listed.status).toBe(200)
    const { documents } = (await listed.json()) as { documents: Array<{ id: string; chunks: number }> }
    expect(documents.find((d) => d.id === 'shipping')?.chunks).toBeGreaterThan(0)
  })

  it("tells the agent console to reload when the queue changed elsewhere, which the isolate's own events cannot carry", async () => {
    const res = await fetch(`${dev!.url}/v1/agent/events`, { headers: { authorization: `Bearer ${agentToken}`, accept: 'text/event-stream' } })
    expect(res.status).toBe(200)
    const stream = sseReader(res)
    await stream.until((ev) => ev.some((e) => e.event === 'ready'))
    // Another server on the database (here Node, writing directly) puts a conversation in the queue.
    await queryRows(database.db, sql`INSERT INTO conversations (id, tenant_id, status) VALUES ('conv-elsewhere', 'demo', 'handoff')`)
    await queryRows(database.db, sql`INSERT INTO handoffs (id, tenant_id, conversation_id, reason) VALUES ('ho-elsewhere', 'demo', 'conv-elsewhere', 'human_requested')`)
    await stream.until((ev) => ev.some((e) => e.event === 'resync'))
    await stream.close()
  })

  it('seals personal data with the shared keys, so Node opens what the Worker stored, and serves privacy requests', async () => {
    const number = phone()
    const created = await fetch(`${dev!.url}/v1/conversations`, { method: 'POST', headers: customer(), body: JSON.stringify({ lang: 'en' }) })
    const { id } = (await created.json()) as { id: string }
    const res = await fetch(`${dev!.url}/v1/conversations/${id}/messages`, { method: 'POST', headers: customer(), body: JSON.stringify({ text: `call me on ${number} about my return` }) })
    if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}\n${dev!.output()}`)

    const [turn] = await queryRows<{ compliance: string }>(database.db, sql`SELECT compliance::text AS compliance FROM turns WHERE conversation_id = ${id}`)
    expect(turn.compliance).not.toContain(number)
    expect(turn.compliance).toMatch(/⟦enc:k1:[\w-]+⟧/)
    const nodeVault = await createVault({ keys: parseKeys(privacy.PRIVACY_KEYS), salt: SALT })
    expect(await nodeVault.open(turn.compliance)).toContain(number)

    const exported = await fetch(`${dev!.url}/v1/privacy/customers/cust-1/export`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(exported.status).toBe(200)
    expect(await exported.text()).toContain(number)
  })
})

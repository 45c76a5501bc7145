/**
 * Crash safety: the real server under concurrent chat load is SIGKILLed, restarted on the same
 * data, and every message that got a 2xx must be stored with its reply or its handoff, with no
 * half-written turn anywhere (each customer message has its turn; each answered turn its reply).
 * Runs on PGlite's data directory and, when DATABASE_URL_TEST is set, on PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { queryRows, type Db } from '../../src/db/client.js'
import { sql } from 'drizzle-orm'
import { openPglite } from '../../src/db/pglite.js'
import { openPostgres } from '../../src/db/postgres.js'
import { DRIVERS } from '../support/db.js'
import { startServerProcess, type ServerProcess } from '../support/server-process.js'

const QUESTIONS = ['How do I reset my password?', 'Where is my order?', 'How long do refunds take?', 'hello!', 'How do I pair a smart bulb?', 'Can I change my shipping address?', 'thanks a lot']

interface Acked {
  conversation_id: string
  message_id: string
  reply_id: string | null
  route: 'answer' | 'handoff'
  handoff?: { id: string | null }
}

async function drive(server: ServerProcess, conversations: number, killAfterAcks: number): Promise<{ acked: Acked[]; ids: string[] }> {
  const ids: string[] = []
  for (let i = 0; i < conversations; i++) {
    const res = await fetch(`${server.url}/v1/conversations`, { method: 'POST', headers: { 'x-customer-id': `crash-${i}` } })
    ids.push(((await res.json()) as { id: string }).id)
  }
  const acked: Acked[] = []
  let killed = false
  const loops = ids.map(async (id, i) => {
    for (let n = 0; !killed; n++) {
      try {
        const res = await fetch(`${server.url}/v1/conversations/${id}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-customer-id': `crash-${i}` },
          body: JSON.stringify({ text: `${QUESTIONS[(i + n) % QUESTIONS.length]} (${n})` }),
        })
        if (res.ok) acked.push((await res.json()) as Acked)
        else expect.fail(`HTTP ${res.status}: ${await res.text()}`)
      } catch (error) {
        if (killed) return
        throw error
      }
      if (!killed && acked.length >= killAfterAcks) {
        killed = true
        await server.kill('SIGKILL')
      }
    }
  })
  await Promise.all(loops)
  return { acked, ids }
}

async function verify(db: Db, acked: Acked[]) {
  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(db, q)
  for (const a of acked) {
    const [msg] = await rows<{ role: string }>(sql`SELECT role FROM messages WHERE id = ${a.message_id}`)
    expect(msg?.role, `acked message ${a.message_id} missing`).toBe('customer')
    if (a.reply_id) expect((await rows<{ role: string }>(sql`SELECT role FROM messages WHERE id = ${a.reply_id}`))[0]?.role).toBe('bot')
    if (a.route === 'handoff' && a.handoff?.id) expect(await rows(sql`SELECT 1 FROM handoffs WHERE id = ${a.handoff.id}`)).toHaveLength(1)
  }
  const orphanMessages = await rows(sql`SELECT m.id FROM messages m LEFT JOIN turns t ON t.customer_message_id = m.id WHERE m.role = 'customer' AND t.id IS NULL`)
  expect(orphanMessages).toEqual([])
  const unanswered = await rows(sql`SELECT t.id FROM turns t LEFT JOIN messages m ON m.id = t.reply_message_id WHERE t.route = 'answer' AND m.id IS NULL`)
  expect(unanswered).toEqual([])
  const handoffTurnsWithoutRow = await rows(sql`SELECT t.id FROM turns t LEFT JOIN handoffs h ON h.turn_id = t.id
    WHERE t.route = 'handoff' AND NOT (t.route_reasons ? 'awaiting_human') AND h.id IS NULL`)
  expect(handoffTurnsWithoutRow).toEqual([])
  return Number((await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM turns`))[0].n)
}

describe.each(DRIVERS)('crash safety on %s', (driver) => {
  const cleanup: Array<() => Promise<unknown>> = []
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {})
  })

  it('SIGKILL mid-load loses no acknowledged message and leaves nothing half-written', async () => {
    let env: Record<string, string>
    let openDb: () => Promise<{ db: Db; close(): Promise<void> }>
    if (driver === 'pglite') {
      const dir = await mkdtemp(join(tmpdir(), 'parley-crash-'))
      cleanup.push(() => rm(dir, { recursive: true, force: true }))
      env = { DATA_DIR: dir }
      openDb = () => openPglite({ dataDir: dir })
    } else {
      const admin = postgres(process.env.DATABASE_URL_TEST!, { max: 1, onnotice: () => {} })
      const name = `parley_crash_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`
      await admin.unsafe(`CREATE DATABASE ${name}`)
      cleanup.push(async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await admin.end()
      })
      const url = new URL(process.env.DATABASE_URL_TEST!)
      url.pathname = `/${name}`
      env = { DATABASE_URL: url.toString(), ALLOW_ANONYMOUS: 'true' }
      openDb = async () => openPostgres({ url: url.toString(), poolMax: 2, statementTimeoutMs: 30_000, efSearch: 40 })
    }
    env = { ...env, RATE_LIMIT_ENABLED: 'false' }

    const first = await startServerProcess(env)
    cleanup.push(() => first.kill('SIGKILL'))
    const { acked, ids } = await drive(first, 12, 60)
    expect(acked.length).toBeGreaterThanOrEqual(60)

    // Restart on the same data: it must come up and keep serving the same conversations.
    const second = await startServerProcess(env)
    cleanup.push(() => second.kill('SIGKILL'))
    for (const [i, id] of ids.entries()) {
      const res = await fetch(`${second.url}/v1/conversations/${id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-customer-id': `crash-${i}` },
        body: JSON.stringify({ text: 'hello again' }),
      })
      expect(res.status, second.output()).toBe(200)
    }
    if (driver === 'pglite') expect(await second.kill('SIGTERM')).toBe(0) // PGlite allows one process per directory

    const database = await openDb()
    try {
      const turns = await verify(database.db, acked)
      expect(turns).toBeGreaterThanOrEqual(acked.length + ids.length)
    } finally {
      await database.close()
    }
  }, 300_000)
})

/**
 * Events cross processes on PostgreSQL: two app instances on one database stand in for two
 * processes behind a load balancer. A turn handled by one reaches the agent stream of the other;
 * large events are sliced under NOTIFY's 8000-byte limit and put back together intact.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import postgres from 'postgres'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { AppDeps } from '../../src/deps.js'
import type { AppEvent } from '../../src/events/bus.js'
import { createPostgresEventBus, sliceUtf8 } from '../../src/events/postgres-bus.js'
import { buildDeps } from '../../src/runtime.js'
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch.js'
import { keySpec, SALT } from '../privacy/helpers.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 })

const utf8 = (s: string) => new TextEncoder().encode(s).length

describe('sliceUtf8', () => {
  it('cuts text into pieces under the byte limit that join back to it, never inside a character', () => {
    const text = 'refund 退款 🎉'.repeat(500) + '"quoted" \\ back'
    const pieces = sliceUtf8(text, 100)
    expect(pieces.join('')).toBe(text)
    expect(pieces.length).toBeGreaterThan(50)
    for (const p of pieces) {
      expect(utf8(p)).toBeLessThanOrEqual(100)
      // A piece that starts or ends with half a surrogate pair would not survive encoding.
      expect(p).toBe(new TextDecoder().decode(new TextEncoder().encode(p)))
    }
  })

  it('keeps short text whole', () => {
    expect(sliceUtf8('hello', 100)).toEqual(['hello'])
    expect(sliceUtf8('', 100)).toEqual([''])
  })
})

const HAS_PG = Boolean(process.env.DATABASE_URL_TEST)

/** Resolves with the first event the bus delivers that matches, or fails after a few seconds. */
function nextEvent(subscribe: AppDeps['events']['subscribe'], match: (e: AppEvent) => boolean, ms = 5000): Promise<AppEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error('no matching event arrived'))
    }, ms)
    const stop = subscribe((e) => {
      if (!match(e)) return
      clearTimeout(timer)
      stop()
      resolve(e)
    })
  })
}

describe.skipIf(!HAS_PG)('event bus over PostgreSQL LISTEN/NOTIFY', () => {
  let scratch: ScratchDatabase
  let a: AppDeps
  let b: AppDeps

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    const env = { DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', ALLOW_ANONYMOUS: 'true', PRIVACY_KEYS: keySpec('k1'), PRIVACY_HASH_SALT: SALT }
    // One after the other: the first migrates and seeds, the second finds it done.
    a = await buildDeps(loadConfig(env))
    b = await buildDeps(loadConfig(env))
  })
  afterAll(async () => {
    await a?.database.close()
    await b?.database.close()
    await scratch?.drop()
  })

  it("delivers another process's events once, and a process's own events once (not echoed back)", async () => {
    const seenByA: AppEvent[] = []
    const stopA = a.events.subscribe((e) => seenByA.push(e))
    const arrived = nextEvent(b.events.subscribe, (e) => e.type === 'test.ping')
    a.events.publish({ tenantId: 't1', conversationId: 'c1', type: 'test.ping', data: { n: 1 } })
    expect(await arrived).toEqual({ tenantId: 't1', conversationId: 'c1', type: 'test.ping', data: { n: 1 } })
    // Give a NOTIFY echo time to arrive, were it not filtered.
    await new Promise((r) => setTimeout(r, 300))
    stopA()
    expect(seenByA.filter((e) => e.type === 'test.ping')).toHaveLength(1)
  })

  it('delivers events published together in the order they were published', async () => {
    const seen: number[] = []
    const stop = b.events.subscribe((e) => e.type === 'test.order' && seen.push(e.data.n as number))
    const last = nextEvent(b.events.subscribe, (e) => e.type === 'test.order' && e.data.n === 9)
    for (let n = 0; n < 10; n++) a.events.publish({ tenantId: 't1', type: 'test.order', data: { n, pad: n % 3 === 0 ? '长'.repeat(3000) : '' } })
    await last
    stop()
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('puts an event larger than a NOTIFY payload back together intact', async () => {
    const text = '我的包裹三天没有更新了，"请"帮我查一下 \\ 🎉 '.repeat(400)
    expect(utf8(text)).toBeGreaterThan(20_000)
    const arrived = nextEvent(b.events.subscribe, (e) => e.type === 'test.large')
    a.events.publish({ tenantId: 't1', type: 'test.large', data: { text } })
    expect((await arrived).data.text).toBe(text)
  })

  it("a customer's turn handled by one process reaches an agent's live stream on the other", async () => {
    const appA = createApp(a)
    const appB = createApp(b)
    const stream = await appB.request('/v1/agent/events', { headers: { authorization: 'Bearer st_demo_admin', accept: 'text/event-stream' } })
    expect(stream.status).toBe(200)
    const reader = stream.body!.getReader()
    const decoder = new TextDecoder()
    let received = ''
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 10_000
      while (!received.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`stream did not carry ${needle}: ${received.slice(0, 500)}`)
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        received += decoder.decode(value, { stream: true })
      }
    }
    await readUntil('event: ready')

    const headers = { 'content-type': 'application/json', 'x-customer-id': 'bus-customer' }
    const conv = (await (await appA.request('/v1/conversations', { method: 'POST', headers })).json()) as { id: string }
    const turn = await appA.request(`/v1/conversations/${conv.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: 'I want to talk to a real person please' }) })
    expect(turn.status).toBe(200)
    const reply = (await turn.json()) as { route: string; handoff: { id: string } }
    expect(reply.route).toBe('handoff')

    await readUntil(reply.handoff.id)
    await reader.cancel()
    expect(received).toContain('event: handoff.created')
    expect(received).toContain(conv.id)
  })

  it('a bus opened on a client of its own hears what another process publishes', async () => {
    const client = postgres(scratch.url, { max: 2, onnotice: () => {} })
    try {
      const other = createPostgresEventBus(client)
      await other.ready
      const arrived = nextEvent(other.subscribe, (e) => e.type === 'test.from-b')
      b.events.publish({ tenantId: 't2', type: 'test.from-b', data: {} })
      expect((await arrived).tenantId).toBe('t2')
    } finally {
      await client.end({ timeout: 5 })
    }
  })
})

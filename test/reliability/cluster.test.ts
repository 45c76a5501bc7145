/**
 * WORKERS=2 on PostgreSQL: the real server runs two processes on one port, replaces a process that
 * is SIGKILLed while the other keeps answering, and stops all of them on SIGTERM. Without
 * PostgreSQL the setting is refused: an embedded database belongs to one process.
 */
import { request } from 'node:http'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch.js'
import { keySpec, SALT } from '../privacy/helpers.js'
import { startServerProcess, type ServerProcess } from '../support/server-process.js'

vi.setConfig({ testTimeout: 240_000 })

it('refuses WORKERS > 1 without PostgreSQL, with a clear reason', () => {
  expect(() => loadConfig({ WORKERS: '2' })).toThrow(/WORKERS: more than one process needs DATABASE_URL/)
  expect(loadConfig({ WORKERS: '2', DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }).WORKERS).toBe(2)
})

const listeningPids = (log: string) => [...log.matchAll(/"msg":"parley listening".*?"pid":(\d+)/g)].map((m) => Number(m[1]))
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
async function until(check: () => boolean, what: string, ms = 60_000) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.skipIf(!process.env.DATABASE_URL_TEST)('cluster of server processes on PostgreSQL', () => {
  let scratch: ScratchDatabase | undefined
  let server: ServerProcess | undefined
  afterAll(async () => {
    await server?.kill('SIGKILL')
    await scratch?.drop()
  })

  /**
   * POST on a connection of its own: a kept-alive connection to the process that was killed fails
   * with 'other side closed', which is the client's pool, not the cluster, answering.
   */
  function post(path: string, customer: string, body?: unknown): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${server!.url}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-customer-id': customer } }, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.end(body === undefined ? undefined : JSON.stringify(body))
    })
  }

  async function turn(n: number) {
    const conv = await post('/v1/conversations', `cluster-${n}`)
    expect(conv.status).toBe(201)
    const { id } = JSON.parse(conv.body) as { id: string }
    return (await post(`/v1/conversations/${id}/messages`, `cluster-${n}`, { text: 'How long do refunds take?' })).status
  }

  it('serves from two processes, replaces one that is killed, and stops them all on SIGTERM', async () => {
    scratch = await createScratchDatabase()
    server = await startServerProcess({ DATABASE_URL: scratch.url, WORKERS: '2', ALLOW_ANONYMOUS: 'true', LOG_LEVEL: 'info', PRIVACY_KEYS: keySpec('k1'), PRIVACY_HASH_SALT: SALT })
    await until(() => listeningPids(server!.output()).length >= 2, 'two server processes')
    const [first, second] = listeningPids(server.output())
    expect(first).not.toBe(second)
    expect(first).not.toBe(server.child.pid)

    expect(await Promise.all(Array.from({ length: 8 }, (_, i) => turn(i)))).toEqual(Array(8).fill(200))

    process.kill(first, 'SIGKILL')
    await until(() => !alive(first), 'the killed process to go')
    // The other process answers meanwhile, and a replacement comes up.
    expect(await Promise.all(Array.from({ length: 4 }, (_, i) => turn(100 + i)))).toEqual(Array(4).fill(200))
    await until(() => listeningPids(server!.output()).length >= 3, 'a replacement process')
    const replacement = listeningPids(server.output())[2]
    expect(alive(replacement)).toBe(true)

    expect(await server.kill('SIGTERM')).toBe(0)
    await until(() => !alive(second) && !alive(replacement), 'every server process to stop', 20_000)
  })
})

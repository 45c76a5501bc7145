/**
 * A start with a bad data file: the message names the setting and the file, nothing is half done
 * (no partial knowledge base), and the server process says so in one log line and exits 1.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { count } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { documents } from '../../src/db/schema/index.js'
import { buildDeps, createProviders, readIntentData } from '../../src/runtime.js'
import { openTestDatabase, type TestDatabase } from '../support/db.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-startup-'))
  await writeFile(join(dir, 'intents.csv'), 'text,intent\nhello\n')
  await writeFile(join(dir, 'routes.json'), '{"refund":"maybe"}')
  await writeFile(join(dir, 'kb.jsonl'), [JSON.stringify({ id: 'good', title: 'Good', text: 'Returns within 30 days.' }), JSON.stringify({ id: 'bad', title: 'Bad' })].join('\n'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const config = (env: Record<string, string>) => loadConfig({ MEMORY_DB: 'true', LOG_LEVEL: 'silent', ...env })

describe('data files at startup', () => {
  it('names the setting and the file of a bad intents or routes file', async () => {
    await expect(readIntentData(config({ INTENTS_FILE: join(dir, 'intents.csv') }))).rejects.toThrow(`INTENTS_FILE ${join(dir, 'intents.csv')}: intents file has no examples`)
    await expect(readIntentData(config({ ROUTES_FILE: join(dir, 'routes.json') }))).rejects.toThrow(new RegExp(`^ROUTES_FILE ${join(dir, 'routes.json')}: refund: `))
  })

  it('refuses a route for an intent the intents file does not have (a typo would leave the real one unrouted)', async () => {
    const typo = join(dir, 'typo-routes.json')
    await writeFile(typo, JSON.stringify({ refund_status: 'answer', refund_stauts: 'handoff' }))
    const intents = join(dir, 'refund-intents.csv')
    await writeFile(intents, 'text,intent\nwhere is my refund,refund_status\nhi,greeting\n')
    await expect(readIntentData(config({ INTENTS_FILE: intents, ROUTES_FILE: typo }))).rejects.toThrow(`ROUTES_FILE ${typo}: "refund_stauts" is not an intent of INTENTS_FILE ${intents}`)
  })

  describe('a seed knowledge base is stored whole or not at all', () => {
    let database: TestDatabase
    const stored = async () => Number((await database.db.select({ n: count() }).from(documents))[0].n)
    beforeAll(async () => {
      database = await openTestDatabase('pglite')
    })
    afterAll(() => database?.dispose())

    it('none of it when a document is bad', async () => {
      await expect(buildDeps(config({ SEED_KB: join(dir, 'kb.jsonl') }), { database })).rejects.toThrow(/^SEED_KB .*kb\.jsonl: document 2 \("bad"\): text: /)
      expect(await stored()).toBe(0)
    })

    it('none of it when the embedding provider fails, so the next start seeds it whole', async () => {
      const cfg = config({ SEED_KB: join(dir, 'three.jsonl') })
      await writeFile(join(dir, 'three.jsonl'), ['one', 'two', 'three'].map((id) => JSON.stringify({ id, title: id, text: `Document ${id} about returns.` })).join('\n'))
      const providers = await createProviders(cfg)
      let calls = 0
      // The three documents are embedded in one call, after all of them were read and chunked.
      const failing = { ...providers, embedder: { ...providers.embedder, embed: async () => (++calls, Promise.reject(new Error('embeddings: 503'))) } }
      await expect(buildDeps(cfg, { database, providers: failing })).rejects.toThrow('embeddings: 503')
      expect(calls).toBe(1)
      expect(await stored()).toBe(0)
      await buildDeps(cfg, { database, providers })
      expect(await stored()).toBe(3)
    })
  })

  it('the server logs one fatal line naming the problem and exits 1', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', MEMORY_DB: 'true', INTENTS_FILE: join(dir, 'intents.csv') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'fatal', msg: 'startup failed', error: `INTENTS_FILE ${join(dir, 'intents.csv')}: intents file has no examples` })
  }, 60_000)
})

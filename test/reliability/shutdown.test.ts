/**
 * A graceful shutdown (SIGTERM) of the real server lets the work a request left running finish
 * before the database closes: the model's handoff note, asked for after the reply, still lands.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../src/db/client.js'
import { openPglite } from '../../src/db/pglite.js'
import { embedText } from '../../src/models/local/embedder.js'
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../support/fake-openai.js'
import { startServerProcess } from '../support/server-process.js'

const NOTE = '- The customer wants a person to sort out a double charge.'
const callName = (req: ChatRequest) => req.response_format?.json_schema?.name ?? req.tools?.[0]?.function.name ?? 'answer'
const isSummary = (req: ChatRequest) => /hand-off note|交接说明/.test(JSON.stringify(req.messages?.[0]?.content ?? ''))

describe('graceful shutdown', () => {
  const cleanup: Array<() => Promise<unknown>> = []
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {})
  })

  it('waits for the handoff note still being written before it closes the database', async () => {
    let summaryAsked!: () => void
    const asked = new Promise<void>((resolve) => (summaryAsked = resolve))
    const fake: FakeOpenAI = await startFakeOpenAI({
      embed: (text, dim) => embedText(text, dim),
      chat: async (req) => {
        if (isSummary(req)) {
          summaryAsked()
          await new Promise((resolve) => setTimeout(resolve, 1500))
          return NOTE
        }
        const name = callName(req)
        if (name === 'rate_sentiment') return { json: { label: 'neutral', score: 0 } }
        if (name === 'classify_intent') return { json: { intent: 'login_problem', confidence: 0.9, alternatives: [] } }
        return 'Use the reset link in the email we send you [1].'
      },
    })
    cleanup.push(() => fake.close())
    const dir = await mkdtemp(join(tmpdir(), 'parley-shutdown-'))
    cleanup.push(() => rm(dir, { recursive: true, force: true }))
    // A loaded machine must not fail the turn's model calls (no note is asked after a provider_failure).
    const server = await startServerProcess({ DATA_DIR: dir, PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, RATE_LIMIT_ENABLED: 'false', TURN_BUDGET_MS: '30000' })
    cleanup.push(() => server.kill('SIGKILL'))

    const who = { 'content-type': 'application/json', 'x-customer-id': 'shutdown-1' }
    const conversation = (await (await fetch(`${server.url}/v1/conversations`, { method: 'POST', headers: who })).json()) as { id: string }
    const res = await fetch(`${server.url}/v1/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: who,
      body: JSON.stringify({ text: 'I was charged twice, I want to talk to a person' }),
    })
    const reply = (await res.json()) as { route: string; handoff: { id: string } }
    expect(reply.route, server.output()).toBe('handoff')
    // The reply is out; the note is still being written when the shutdown comes.
    await asked
    expect(await server.kill('SIGTERM')).toBe(0)
    expect(server.output()).not.toMatch(/background work failed/)

    const database = await openPglite({ dataDir: dir })
    try {
      const [row] = await queryRows<{ summary: string; source: string }>(
        database.db,
        sql`SELECT packet->>'summary' AS summary, packet->>'summarySource' AS source FROM handoffs WHERE id = ${reply.handoff.id}`,
      )
      expect(row).toEqual({ summary: NOTE, source: 'model' })
    } finally {
      await database.close()
    }
  }, 180_000)
})

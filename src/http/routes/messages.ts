import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { ConversationNotFound, runTurn, type TurnReply } from '../../turn/turn.js'
import type { TurnResilience } from '../../turn/resilience.js'
import { splitSentences } from '../../text/sentences.js'
import { notFound } from '../problem.js'
import { conversationFor } from '../access.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { findStoredResponse, idempotencyKeyOf, requestHash, storeResponse, type IdempotencyScope } from '../middleware/idempotency/index.js'
import { customerText } from '../schemas.js'
import { readJson } from '../validate.js'

/** The customer's message, its turn, and the reply; `resilience` is the app's provider-fault policy. */
export const messageRoutes = (resilience?: TurnResilience) =>
  new Hono<AppEnv>().post('/v1/conversations/:id/messages', requireCustomer, async (c) => {
    const deps = c.var.deps
    const body = await readJson(c, z.object({ text: customerText(deps.config.MAX_MESSAGE_CHARS) }).strict())
    const conversationId = (await conversationFor(c, c.req.param('id'))).id
    const principal = c.var.principal!
    const key = idempotencyKeyOf(c)
    const scope: IdempotencyScope | null = key && principal.kind === 'customer' ? { tenantId: c.var.tenantId, customerId: principal.customerId, key } : null
    const hash = scope ? await requestHash('POST', `/v1/conversations/${conversationId}/messages`, body) : ''

    const turn = async (): Promise<{ status: number; body: string; replayed: boolean }> => {
      const earlier = scope && (await findStoredResponse(deps.db, scope, hash))
      if (earlier) return { ...earlier, replayed: true }
      try {
        let stored = ''
        const result = await runTurn(deps, { tenantId: c.var.tenantId, conversationId, text: body.text }, {
          resilience,
          storeWith: scope ? (tx, reply) => storeResponse(tx, scope, hash, { status: 200, body: (stored = JSON.stringify(reply)) }) : undefined,
        })
        return { status: 200, body: stored || JSON.stringify(result.reply), replayed: false }
      } catch (error) {
        if (error instanceof ConversationNotFound) throw notFound('Conversation', conversationId)
        // A concurrent duplicate committed first: this turn rolled back; answer with the first one's reply.
        const first = scope && (await findStoredResponse(deps.db, scope, hash))
        if (first) return { ...first, replayed: true }
        throw error
      }
    }

    // The turn runs before any stream opens, so a missing conversation is still a plain 404.
    const result = await turn()
    if (result.replayed) c.header('Idempotent-Replayed', 'true')
    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
      return c.body(result.body, result.status as 200, { 'content-type': 'application/json' })
    }

    const reply = JSON.parse(result.body) as TurnReply
    return streamSSE(c, async (stream) => {
      let id = 0
      // Every sentence of the reply passed the output check before the first byte is written.
      for (const sentence of reply.message ? splitSentences(reply.message) : []) {
        await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: sentence }), id: String(++id) })
      }
      await stream.writeSSE({ event: 'reply', data: JSON.stringify(reply), id: String(++id) })
    })
  })

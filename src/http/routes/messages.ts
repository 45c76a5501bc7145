import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../../deps.js'
import { ConversationNotFound, runTurn, type TurnReply } from '../../turn/turn.js'
import type { TurnResilience } from '../../turn/resilience.js'
import { requestHandoffSummary } from '../../handoff/summary.js'
import { splitSentences } from '../../text/sentences.js'
import { notFound, ProblemError } from '../problem.js'
import { turnConversationFor } from '../access.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { findStoredResponse, idempotencyKeyOf, requestHash, storeResponse, type IdempotencyScope } from '../middleware/idempotency/index.js'
import { messageBody } from '../schemas.js'
import { readJson } from '../validate.js'

/** The customer's message, its turn, and the reply; `resilience` is the app's provider-fault policy. */
export const messageRoutes = (resilience?: TurnResilience) =>
  new Hono<AppEnv>().post('/v1/conversations/:id/messages', requireCustomer, async (c) => {
    const deps = c.var.deps
    const body = await readJson(c, messageBody(deps.config.MAX_MESSAGE_CHARS))
    const conversation = await turnConversationFor(c, c.req.param('id'))
    const conversationId = conversation.id
    const principal = c.var.principal!
    const key = idempotencyKeyOf(c)
    const scope: IdempotencyScope | null = key && principal.kind === 'customer' ? { tenantId: c.var.tenantId, customerId: principal.customerId, key } : null
    const hash = scope ? await requestHash('POST', `/v1/conversations/${conversationId}/messages`, body) : ''
    // Read before any stream opens, so a key reused for another message is a 422 problem, not an SSE event.
    const earlier = scope && (await findStoredResponse(deps.db, scope, hash))

    const turn = async (onText?: (text: string) => void): Promise<{ status: number; body: string; replayed: boolean }> => {
      if (earlier) return { ...earlier, replayed: true }
      try {
        let stored = ''
        const result = await runTurn(deps, { tenantId: c.var.tenantId, conversationId, text: body.text }, {
          conversation,
          resilience,
          onText,
          storeWith: scope ? (tx, reply) => storeResponse(tx, scope, hash, { status: 200, body: (stored = JSON.stringify(reply)) }) : undefined,
        })
        // Committed: a new handoff's model note is asked for now, without holding up the reply.
        requestHandoffSummary(deps, c.var.tenantId, result)
        return { status: 200, body: stored || JSON.stringify(result.reply), replayed: false }
      } catch (error) {
        if (error instanceof ConversationNotFound) throw notFound('Conversation', conversationId)
        // A concurrent duplicate committed first: this turn rolled back; answer with the first one's reply.
        const first = scope && (await findStoredResponse(deps.db, scope, hash))
        if (first) return { ...first, replayed: true }
        throw error
      }
    }

    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
      const result = await turn()
      if (result.replayed) c.header('Idempotent-Replayed', 'true')
      return c.body(result.body, result.status as 200, { 'content-type': 'application/json' })
    }

    // Server-sent events: `delta` carries reply text as each sentence passes the output check;
    // `reply` is the whole turn and is authoritative (e.g. a handoff notice replaces streamed text).
    return streamSSE(c, async (stream) => {
      let id = 0
      let writes = Promise.resolve()
      const send = (event: string, data: unknown) => {
        writes = writes.then(() => stream.writeSSE({ event, data: JSON.stringify(data), id: String(++id) }))
      }
      let streamed = false
      try {
        const result = await turn((text) => {
          streamed = true
          send('delta', { text })
        })
        const reply = JSON.parse(result.body) as TurnReply
        // Replays and replies that were not generated (handoff notices, refusals) arrive whole.
        if (!streamed) for (const sentence of reply.message ? splitSentences(reply.message) : []) send('delta', { text: sentence })
        send('reply', reply)
      } catch (error) {
        const status = error instanceof ProblemError ? error.problem.status : 500
        const detail = status === 500 ? undefined : (error as ProblemError).problem.detail
        send('error', { type: 'about:blank', title: status === 500 ? 'Internal Server Error' : (error as ProblemError).problem.title, status, detail, instance: new URL(c.req.url).pathname, request_id: c.var.requestId })
        if (status === 500) console.error(JSON.stringify({ level: 'error', msg: 'turn failed in stream', requestId: c.var.requestId, error: String((error as Error)?.stack ?? error) }))
      }
      await writes
    })
  })

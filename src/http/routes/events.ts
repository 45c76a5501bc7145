/**
 * `GET /v1/conversations/:id/events`: the customer's live view of their conversation (agent
 * replies, status changes, the rating request). Messages carry their sequence number as the event
 * id and are always read from the database in order, so a client resuming with `Last-Event-ID`
 * (header, or `last_event_id` in the query) gets exactly the messages it missed, once each.
 * Status events carry no id; every connection starts with the current status.
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { and, asc, eq, gt } from 'drizzle-orm'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { conversations, messages } from '../../db/schema/index.js'
import type { AppEvent } from '../../events/bus.js'
import { handoffConfig } from '../../handoff/config.js'
import { CUSTOMER_EVENT_TYPES } from '../../handoff/events.js'
import { eventInbox } from '../../handoff/inbox.js'
import { conversationFor } from '../access.js'
import { customerMeta } from '../message-view.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { ProblemError } from '../problem.js'

/** Sequence numbers as this stream sends them: plain decimal ("0x2" and "1e3" are not ids it gave). */
const LastEventId = z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().max(2_147_483_647))

export const conversationEventRoutes = new Hono<AppEnv>().get('/v1/conversations/:id/events', requireCustomer, async (c) => {
  const raw = c.req.header('last-event-id') ?? c.req.query('last_event_id') ?? '0'
  const parsed = LastEventId.safeParse(raw.trim() || '0')
  if (!parsed.success) throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'Last-Event-ID must be a message sequence number.' })
  const { db, events, config, vault } = c.var.deps
  const tenantId = c.var.tenantId
  const conversationId = c.req.param('id')
  const heartbeatMs = handoffConfig(config).heartbeatSeconds * 1000
  // Subscribe before reading the conversation, so no status change or message published meanwhile is missed.
  const inbox = eventInbox(events, (e: AppEvent) => e.tenantId === tenantId && e.conversationId === conversationId && CUSTOMER_EVENT_TYPES.has(e.type))
  const conversation = await conversationFor(c, conversationId).catch((error: unknown) => {
    inbox.close()
    throw error
  })

  return streamSSE(c, async (stream) => {
    stream.onAbort(inbox.close)
    // An id past the end (another conversation's, or a stale client's) would hold back every message
    // until the conversation caught up with it: resume from the end instead.
    let lastSeq = Math.min(parsed.data, conversation.lastSeq)
    const sendNewMessages = async () => {
      const rows = await db
        .select({ id: messages.id, seq: messages.seq, role: messages.role, text: messages.text, meta: messages.meta, created_at: messages.createdAt })
        .from(messages)
        .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, conversation.id), gt(messages.seq, lastSeq)))
        .orderBy(asc(messages.seq))
      // Personal data the turn stored sealed is the customer's own: opened for their stream.
      for (const { meta, ...m } of vault ? await vault.openDeep(rows) : rows) {
        await stream.writeSSE({ event: 'message', id: String(m.seq), data: JSON.stringify({ ...m, ...customerMeta(meta) }) })
        lastSeq = m.seq
      }
    }
    let lastStatus: string = conversation.status
    const sendStatus = async (data: { status: string; conversation_id?: string }) => {
      lastStatus = data.status
      await stream.writeSSE({ event: 'status', data: JSON.stringify(data) })
    }
    // Events are best effort: a process reconnecting to the database misses what is published meanwhile,
    // and a Workers isolate hears only its own. Each quiet heartbeat reads what changed instead.
    const catchUp = async () => {
      await sendNewMessages()
      const [now] = await db.select({ status: conversations.status }).from(conversations).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversation.id)))
      if (now && now.status !== lastStatus) await sendStatus({ conversation_id: conversation.id, status: now.status })
    }
    await stream.writeSSE({ event: 'status', data: JSON.stringify({ conversation_id: conversation.id, status: conversation.status }), retry: 3000 })
    await sendNewMessages()
    while (!stream.aborted && !stream.closed) {
      const batch = await inbox.next(heartbeatMs)
      if (stream.aborted || stream.closed) break
      if (batch.length === 0) {
        await catchUp()
        await stream.write(': heartbeat\n\n')
        continue
      }
      for (const e of batch) {
        if (e.type === 'message') await sendNewMessages()
        else await sendStatus(e.data as { status: string })
      }
    }
    inbox.close()
  })
})

/**
 * `GET /v1/agent/events`: the tenant's queue and conversation events as server-sent events, so
 * consoles update live. Each heartbeat also sweeps lapsed claims and SLA breaches, whose events
 * then reach every console. Reconnecting consoles reload the queue (the `ready` event says so).
 * Events are best effort (a Workers isolate hears only its own), so each quiet heartbeat also
 * compares the queue's watermark and sends `resync` when it moved: the console then reloads.
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../../deps.js'
import type { AppEvent } from '../../events/bus.js'
import { sweepHandoffs } from '../../handoff/queue.js'
import { requireRole } from '../middleware/auth/index.js'
import { actorOf, handoffDeps } from './agent-context.js'
import { eventInbox } from '../../handoff/inbox.js'
import { queueWatermark } from '../../handoff/watermark.js'

export const agentEventRoutes = new Hono<AppEnv>().get('/v1/agent/events', requireRole('agent'), (c) => {
  const actor = actorOf(c)
  const deps = handoffDeps(c)
  const inbox = eventInbox(c.var.deps.events, (e: AppEvent) => e.tenantId === actor.tenantId)
  return streamSSE(c, async (stream) => {
    stream.onAbort(inbox.close)
    const watermark = () => queueWatermark(deps.db, actor.tenantId).catch(() => null)
    // Read before `ready`: the console loads the queue after it, so anything later shows as a change.
    let seen = await watermark()
    let id = 0
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ staff_id: actor.staffId, heartbeat_seconds: deps.handoff.heartbeatSeconds }), id: String(++id), retry: 3000 })
    while (!stream.aborted && !stream.closed) {
      const events = await inbox.next(deps.handoff.heartbeatSeconds * 1000)
      if (stream.aborted || stream.closed) break
      if (events.length === 0) {
        await sweepHandoffs(deps, actor.tenantId).catch(() => undefined)
        const now = await watermark()
        if (now !== null && seen !== null && now !== seen) await stream.writeSSE({ event: 'resync', data: JSON.stringify({ reason: 'queue_changed' }), id: String(++id) })
        seen = now ?? seen
        await stream.writeSSE({ event: 'heartbeat', data: JSON.stringify({ at: new Date().toISOString() }), id: String(++id) })
        continue
      }
      for (const e of events) {
        await stream.writeSSE({ event: e.type, data: JSON.stringify({ conversation_id: e.conversationId ?? null, ...e.data }), id: String(++id) })
      }
    }
    inbox.close()
  })
})

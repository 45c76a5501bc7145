/** Conversations, handoffs and agents written straight to the database for queue tests. */
import { EventEmitter } from 'node:events'
import { createStaff, createTenant } from '../../src/auth/credentials.js'
import type { Db } from '../../src/db/client.js'
import { conversations, handoffs, messages } from '../../src/db/schema/index.js'
import { createEventBus, type AppEvent } from '../../src/events/bus.js'
import { handoffConfig } from '../../src/handoff/config.js'
import type { Actor, HandoffDeps } from '../../src/handoff/queue.js'

export function queueDeps(db: Db): HandoffDeps & { seen: AppEvent[] } {
  const events = createEventBus()
  const seen: AppEvent[] = []
  events.subscribe((e) => seen.push(e))
  return { db, events, handoff: handoffConfig({ HANDOFF_LEASE_SECONDS: 60 }), seen }
}

export async function agent(db: Db, tenantId: string, name: string, skills: string[] = [], role: 'agent' | 'supervisor' = 'agent'): Promise<Actor & { token: string }> {
  await createTenant(db, tenantId)
  const { id, token } = await createStaff(db, tenantId, name, role, { skills })
  return { tenantId, staffId: id, name, role, skills, token }
}

/** A conversation with one customer message, waiting for a person. */
export async function waitingHandoff(db: Db, tenantId: string, opts: { priority?: 'urgent' | 'normal'; skill?: string; text?: string } = {}) {
  const conversationId = crypto.randomUUID()
  const id = crypto.randomUUID()
  const text = opts.text ?? 'I want to talk to a person'
  await db.insert(conversations).values({ id: conversationId, tenantId, customerId: 'c1', status: 'handoff', lang: 'en', lastSeq: 1 })
  await db.insert(messages).values({ id: crypto.randomUUID(), tenantId, conversationId, seq: 1, role: 'customer', text })
  await db.insert(handoffs).values({
    id, tenantId, conversationId, reason: 'customer_requested_human', reasons: ['customer_requested_human'],
    priority: opts.priority ?? 'normal', skill: opts.skill ?? null,
    packet: { summary: `Customer wrote 1 message(s):\n- ${text}`, lastMessage: text, reasonCategory: 'customer_request', draftReply: 'A draft' },
  })
  return { id, conversationId }
}

export { EventEmitter }

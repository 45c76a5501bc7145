/**
 * What a stored bot turn tells the rest of the system: the customer's message (and the bot's
 * reply, if any) for live transcripts, and a new or escalated handoff for the queue.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import type { EventBus } from '../events/bus.js'
import { handoffs } from '../db/schema/index.js'
import { handoffConfig, slaDueAt, type HandoffSettingsValues } from './config.js'
import type { SupportHours } from './hours.js'
import { supportHoursFor } from './tenant-hours.js'
import { publishHandoff, publishMessage, publishStatus } from './events.js'

/** Optional extras a turn uses when the app provides them (AppDeps has both). */
export interface TurnHooks {
  events?: EventBus
  config?: Partial<HandoffSettingsValues>
}

export function turnSlaDueAt(deps: TurnHooks, priority: 'urgent' | 'normal', from: Date, hours: SupportHours | null): Date {
  return slaDueAt(priority, from, { ...handoffConfig(deps.config), hours })
}

/** The support hours a handoff of this tenant follows: its own, else the deployment's. */
export const turnSupportHours = (deps: TurnHooks & { db: Db }, tenantId: string) => supportHoursFor(deps.db, tenantId, handoffConfig(deps.config).hours)

export interface StoredTurnFacts {
  tenantId: string
  conversationId: string
  customer: { id: string; seq: number; text: string }
  reply: { id: string; text: string; meta: Record<string, unknown> } | null
  handoffId: string | null
  escalatedHandoffId: string | null
  /** The conversation was closed and is the bot's again. */
  reopened: boolean
}

export async function publishTurn(db: Db, events: EventBus, t: StoredTurnFacts): Promise<void> {
  const at = new Date().toISOString()
  publishMessage(events, t.tenantId, t.conversationId, { id: t.customer.id, seq: t.customer.seq, role: 'customer', text: t.customer.text, created_at: at })
  if (t.reply) publishMessage(events, t.tenantId, t.conversationId, { id: t.reply.id, seq: t.customer.seq + 1, role: 'bot', text: t.reply.text, created_at: at, meta: t.reply.meta })
  if (t.reopened) publishStatus(events, t.tenantId, t.conversationId, 'bot')
  const handoffId = t.handoffId ?? t.escalatedHandoffId
  if (!handoffId) return
  const [row] = await db.select().from(handoffs).where(and(eq(handoffs.tenantId, t.tenantId), eq(handoffs.id, handoffId)))
  if (!row) return
  publishHandoff(events, t.handoffId ? 'handoff.created' : 'handoff.escalated', row)
  if (t.handoffId) publishStatus(events, t.tenantId, t.conversationId, 'handoff', { handoff_id: t.handoffId })
}

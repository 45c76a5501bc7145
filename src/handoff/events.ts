/**
 * Handoff and conversation events on the in-process bus. The agent stream forwards every event
 * of its tenant; the customer stream forwards only `message` and `conversation.status` of its
 * conversation (notes and queue events stay internal).
 */
import type { EventBus } from '../events/bus.js'
import type { ConversationStatus, MessageRole } from '../db/schema/index.js'
import { handoffView, type HandoffRow } from './view.js'

export type HandoffEventType =
  | 'handoff.created'
  | 'handoff.claimed'
  | 'handoff.expired'
  | 'handoff.transferred'
  | 'handoff.escalated'
  | 'handoff.replied'
  | 'handoff.sla_breached'
  | 'handoff.resolved'
  | 'handoff.returned'
  /** The packet changed (the model's summary arrived): `changed` names the fields. */
  | 'handoff.updated'

/** Events a customer may see. */
export const CUSTOMER_EVENT_TYPES = new Set(['message', 'conversation.status'])

export interface MessageEvent {
  id: string
  seq: number
  role: MessageRole
  text: string
  created_at: string
  meta?: Record<string, unknown>
}

export function publishHandoff(events: EventBus, type: HandoffEventType, row: HandoffRow, extra: Record<string, unknown> = {}): void {
  events.publish({ tenantId: row.tenantId, conversationId: row.conversationId, type, data: { handoff: handoffView(row), ...extra } })
}

export function publishMessage(events: EventBus, tenantId: string, conversationId: string, message: MessageEvent): void {
  events.publish({ tenantId, conversationId, type: 'message', data: { conversation_id: conversationId, ...message } })
}

export function publishStatus(events: EventBus, tenantId: string, conversationId: string, status: ConversationStatus, extra: Record<string, unknown> = {}): void {
  events.publish({ tenantId, conversationId, type: 'conversation.status', data: { conversation_id: conversationId, status, ...extra } })
}

export function publishNote(events: EventBus, row: HandoffRow, note: { id: string; staff_id: string; staff_name: string; text: string; created_at: string }): void {
  events.publish({ tenantId: row.tenantId, conversationId: row.conversationId, type: 'handoff.note', data: { handoff_id: row.id, ...note } })
}

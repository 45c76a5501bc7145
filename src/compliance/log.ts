/**
 * Rows for the append-only `compliance_decisions` table (src/db/schema/compliance.ts): which rule
 * fired on which message, what it did and where, never the text it matched.
 */
import type { complianceDecisions, DecisionSubject } from '../db/schema/index.js'
import type { Decision } from './types.js'

export type DecisionRow = typeof complianceDecisions.$inferInsert

export interface DecisionContext {
  tenantId: string
  conversationId: string
  subject: DecisionSubject
  messageId: string | null
  turnId?: string | null
  staffId?: string | null
}

export function decisionRows(decisions: Decision[], at: DecisionContext): DecisionRow[] {
  return decisions.map((d) => ({
    id: crypto.randomUUID(),
    tenantId: at.tenantId,
    conversationId: at.conversationId,
    subject: at.subject,
    messageId: at.messageId,
    turnId: at.turnId ?? null,
    staffId: at.staffId ?? null,
    ruleId: d.ruleId,
    category: d.category,
    action: d.action,
    spans: d.spans.map((s) => ({ start: s.start, end: s.end, ...(s.type ? { type: s.type } : {}) })),
    score: d.score ?? null,
  }))
}

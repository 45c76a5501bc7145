/** The customer's rating of a resolved handoff: accepted once, and only after the latest handoff was resolved. */
import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { handoffFeedback, handoffs } from '../db/schema/index.js'
import { conflict } from './errors.js'
import type { ComplianceChecks } from '../turn/deps.js'
import { detectLang } from '../text/lang.js'
import { detectedValues, sealValues } from '../privacy/seal.js'
import type { Vault } from '../privacy/vault.js'

/**
 * A comment as it may be stored: customer PII masked per policy, as in their messages, and what the
 * policy keeps sealed by the vault. Customers write phone numbers into comments ("call me at…").
 */
export async function storableComment(deps: { compliance: ComplianceChecks; vault?: Vault }, comment: string): Promise<string> {
  const { masked } = await deps.compliance.checkInput(comment, { lang: detectLang(comment) })
  return deps.vault ? sealValues(deps.vault, masked, detectedValues(masked)) : masked
}

export async function submitFeedback(db: Db, tenantId: string, conversationId: string, input: { rating: number; comment?: string }) {
  const [latest] = await db
    .select({ id: handoffs.id, state: handoffs.state })
    .from(handoffs)
    .where(and(eq(handoffs.tenantId, tenantId), eq(handoffs.conversationId, conversationId)))
    .orderBy(desc(handoffs.createdAt))
    .limit(1)
  if (!latest || latest.state !== 'resolved') throw conflict('Feedback is accepted once a person has resolved the conversation.')
  const id = crypto.randomUUID()
  const [row] = await db
    .insert(handoffFeedback)
    .values({ id, tenantId, handoffId: latest.id, conversationId, rating: input.rating, comment: input.comment ?? null })
    .onConflictDoNothing({ target: handoffFeedback.handoffId })
    .returning()
  if (!row) throw conflict('This conversation was already rated.')
  return { id, handoff_id: latest.id, rating: row.rating, comment: row.comment, created_at: new Date(row.createdAt).toISOString() }
}

/**
 * Every table, and how it relates to a customer. Erasure, export, retention and key rotation are
 * driven from here, so a new table is one entry. test/privacy/registry.test.ts fails when a table
 * with text or JSON columns is missing, or when a linked table has a text/JSON column that is
 * neither `personal` nor `safe`.
 */
import { sql, type SQL } from 'drizzle-orm'
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core'
import {
  answerFeedback, apiKeys, auditLog, chunks, complianceDecisions, conversationPrivacy, conversations, documents, handoffActivity, handoffFeedback, handoffs,
  idempotencyKeys, kpiDaily, messages, rateLimitBuckets, savedReplies, staff, tenantSettings, tenants, turns,
} from '../db/schema/index.js'

export type RetentionClass = 'transcripts' | 'handoffs'

export interface Link {
  /** customer: the column holds the customer id; conversation / handoff: it holds the id of one of theirs. */
  by: 'customer' | 'conversation' | 'handoff'
  column: PgColumn
}

export interface CustomerDataTable {
  table: PgTable
  link: Link
  /** Text/JSON columns that may hold personal data. */
  personal: PgColumn[]
  /** Text/JSON columns that never do (ids, labels, scores); `id`, `tenant_id` and a conversation/handoff link are implied. */
  safe: PgColumn[]
  /**
   * Erasure: delete the rows, or keep them (KPIs need them) with `scrub` applied to the personal columns.
   * A scrub expression must be idempotent: applying it twice gives what applying it once gave.
   */
  erase: { action: 'delete' } | { action: 'scrub'; set: Array<[PgColumn, SQL]> } | { action: 'keep' }
  /** Removed when `column` is older than the tenant's window for `class`; `rollup` feeds kpi_daily first. */
  retention?: { class: RetentionClass; column: PgColumn; rollup?: (source: SQL) => SQL } | { orphanOf: 'conversations' }
  /** Export order. */
  orderBy?: PgColumn
}

export interface OtherTable {
  table: PgTable
  /** Why it holds no customer personal data. */
  none: string
}

export type RegistryEntry = CustomerDataTable | OtherTable

export const isCustomerData = (e: RegistryEntry): e is CustomerDataTable => 'link' in e
export const tableName = (t: PgTable) => getTableConfig(t).name
export const ident = (c: PgColumn) => sql.identifier(c.name)

/** The table's tenant_id column (every table has one). */
export function tenantColumn(table: PgTable): PgColumn {
  const col = getTableConfig(table).columns.find((c) => c.name === 'tenant_id')
  if (!col) throw new Error(`${tableName(table)} has no tenant_id column`)
  return col
}

const day = (col: string) => sql.raw(`(${col} AT TIME ZONE 'UTC')::date`)

/** What a compliance decision keeps after erasure: which rule fired and what it did, never the text it matched. */
const COMPLIANCE_KEEP = ['stage', 'ruleId', 'category', 'action', 'priority', 'score']
const scrubCompliance = sql.raw(
  `(SELECT COALESCE(jsonb_agg((SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(d) AS e(k, v) WHERE k IN (${COMPLIANCE_KEEP.map((k) => `'${k}'`).join(', ')}))), '[]'::jsonb) FROM jsonb_array_elements(compliance) AS d)`,
)
/** What a handoff packet keeps: routing facts, no customer text (summary, last message, draft reply go). */
const PACKET_KEEP = ['intent', 'sentimentTrend', 'documents', 'reason', 'reasonCategory', 'reasons', 'priority', 'slaDueAt']
const scrubPacket = sql.raw(`(SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(packet) AS e(k, v) WHERE k IN (${PACKET_KEEP.map((k) => `'${k}'`).join(', ')}))`)

export const REGISTRY: RegistryEntry[] = [
  {
    table: messages,
    link: { by: 'conversation', column: messages.conversationId },
    personal: [messages.text, messages.meta],
    safe: [messages.role],
    erase: { action: 'delete' },
    retention: { class: 'transcripts', column: messages.createdAt },
    orderBy: messages.seq,
  },
  {
    table: turns,
    link: { by: 'conversation', column: turns.conversationId },
    personal: [turns.compliance],
    safe: [turns.customerMessageId, turns.replyMessageId, turns.intent, turns.sentiment, turns.retrieved, turns.route, turns.routeReasons],
    erase: { action: 'scrub', set: [[turns.compliance, scrubCompliance]] },
    retention: {
      class: 'transcripts',
      column: turns.createdAt,
      rollup: (src) => sql`
        SELECT ${day('created_at')} AS day, 'turns' AS metric, route || ':' || COALESCE(intent, '-') AS key, count(*) AS n, COALESCE(sum(latency_ms), 0) AS total FROM ${src} GROUP BY 1, 2, 3
        UNION ALL SELECT ${day('created_at')}, 'sentiment', COALESCE(sentiment, '-'), count(*), COALESCE(sum(sentiment_score), 0) FROM ${src} GROUP BY 1, 2, 3
        UNION ALL SELECT ${day('created_at')}, 'confidence', route, count(confidence), COALESCE(sum(confidence), 0) FROM ${src} GROUP BY 1, 2, 3`,
    },
    orderBy: turns.createdAt,
  },
  {
    table: handoffs,
    link: { by: 'conversation', column: handoffs.conversationId },
    personal: [handoffs.packet],
    safe: [handoffs.turnId, handoffs.reason, handoffs.reasons, handoffs.priority, handoffs.state, handoffs.skill, handoffs.claimedBy],
    erase: { action: 'scrub', set: [[handoffs.packet, scrubPacket]] },
    retention: {
      class: 'handoffs',
      column: handoffs.updatedAt,
      rollup: (src) => sql`
        SELECT ${day('created_at')} AS day, 'handoffs' AS metric, reason AS key, count(*) AS n, COALESCE(sum(time_to_first_reply_ms), 0) AS total FROM ${src} GROUP BY 1, 2, 3
        UNION ALL SELECT ${day('created_at')}, 'handoffs_sla_breached', priority, count(*), 0 FROM ${src} WHERE sla_breached_at IS NOT NULL GROUP BY 1, 2, 3`,
    },
    orderBy: handoffs.createdAt,
  },
  {
    table: handoffActivity,
    link: { by: 'handoff', column: handoffActivity.handoffId },
    personal: [handoffActivity.text],
    safe: [handoffActivity.kind, handoffActivity.staffId, handoffActivity.data],
    erase: { action: 'scrub', set: [[handoffActivity.text, sql`NULL`]] },
    retention: { class: 'handoffs', column: handoffActivity.createdAt },
    orderBy: handoffActivity.createdAt,
  },
  {
    table: handoffFeedback,
    link: { by: 'conversation', column: handoffFeedback.conversationId },
    personal: [handoffFeedback.comment],
    safe: [handoffFeedback.handoffId],
    erase: { action: 'scrub', set: [[handoffFeedback.comment, sql`NULL`]] },
    retention: {
      class: 'handoffs',
      column: handoffFeedback.createdAt,
      rollup: (src) => sql`SELECT ${day('created_at')} AS day, 'rating' AS metric, '' AS key, count(*) AS n, COALESCE(sum(rating), 0) AS total FROM ${src} GROUP BY 1, 2, 3`,
    },
    orderBy: handoffFeedback.createdAt,
  },
  {
    table: answerFeedback,
    link: { by: 'conversation', column: answerFeedback.conversationId },
    personal: [answerFeedback.comment],
    safe: [answerFeedback.messageId],
    // The vote stays for the KPIs; the customer's words go.
    erase: { action: 'scrub', set: [[answerFeedback.comment, sql`NULL`]] },
    retention: {
      class: 'handoffs',
      // A vote may be changed later: the window runs from the last change, as for handoffs.
      column: answerFeedback.updatedAt,
      // n: votes, total: the helpful ones; counted on the day the answer was first rated, as the summary does.
      rollup: (src) => sql`SELECT ${day('created_at')} AS day, 'answer_feedback' AS metric, '' AS key, count(*) AS n, count(*) FILTER (WHERE helpful) AS total FROM ${src} GROUP BY 1, 2, 3`,
    },
    orderBy: answerFeedback.createdAt,
  },
  {
    table: conversationPrivacy,
    link: { by: 'conversation', column: conversationPrivacy.conversationId },
    personal: [],
    safe: [conversationPrivacy.noticeVersion],
    erase: { action: 'keep' },
    retention: { orphanOf: 'conversations' },
  },
  {
    table: idempotencyKeys,
    link: { by: 'customer', column: idempotencyKeys.customerId },
    personal: [idempotencyKeys.customerId, idempotencyKeys.key, idempotencyKeys.response],
    safe: [idempotencyKeys.requestHash],
    erase: { action: 'delete' },
    retention: { class: 'transcripts', column: idempotencyKeys.createdAt },
    orderBy: idempotencyKeys.createdAt,
  },
  // The anchor: erased last, so an interrupted erasure can be run again and still find everything.
  {
    table: conversations,
    link: { by: 'customer', column: conversations.customerId },
    personal: [conversations.customerId, conversations.metadata],
    safe: [conversations.lang, conversations.status],
    erase: { action: 'scrub', set: [[conversations.customerId, sql`NULL`], [conversations.metadata, sql`'{}'::jsonb`]] },
    retention: { class: 'transcripts', column: conversations.updatedAt },
  },
  { table: tenants, none: 'tenant (company) names' },
  { table: tenantSettings, none: 'per-tenant widget settings and secrets, and support hours' },
  { table: savedReplies, none: 'canned answers written by supervisors for agents to send; the creator and the last editor are staff ids' },
  { table: documents, none: 'knowledge-base documents written by the company' },
  { table: chunks, none: 'knowledge-base passages and their embeddings; customer text is never embedded into a stored table' },
  { table: apiKeys, none: 'API key hashes and names' },
  { table: complianceDecisions, none: 'which compliance rule fired on which message, its action and span offsets; never the matched text (append-only)' },
  { table: staff, none: 'support staff accounts (staff, not customer, data)' },
  { table: auditLog, none: 'actors are staff ids, customers appear only as salted hashes, objects as ids' },
  { table: kpiDaily, none: 'daily counts and sums per tenant, route, intent and reason' },
  { table: rateLimitBuckets, none: 'token counts per API key or customer, named by a keyed hash of the bucket name (HMAC with the vault’s salt, so a guessed customer id cannot be confirmed); rows untouched for a day are pruned' },
]

export const customerTables = () => REGISTRY.filter(isCustomerData)

import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

export type AuditActorKind = 'staff' | 'customer' | 'system'

/**
 * Access audit: who read, exported, erased or changed what. Append-only (a trigger in migration
 * `audit_append_only` refuses UPDATE, DELETE and TRUNCATE) and hash-chained per tenant: each row's
 * `hash` is SHA-256 over `prev_hash` and the row's content, so `npm run audit:verify` notices a row
 * that was altered or removed. Holds no customer personal data: customers appear as salted hashes.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    /** Position in the tenant's chain, from 1 without gaps. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorKind: text('actor_kind').$type<AuditActorKind>().notNull(),
    actorId: text('actor_id'),
    role: text('role'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    requestId: text('request_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_log_tenant_seq_idx').on(t.tenantId, t.seq),
    index('audit_log_tenant_action_idx').on(t.tenantId, t.action, t.at),
    index('audit_log_tenant_object_idx').on(t.tenantId, t.objectType, t.objectId),
  ],
)

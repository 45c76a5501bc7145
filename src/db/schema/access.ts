import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

export type StaffRole = 'agent' | 'supervisor' | 'admin' | 'ml'
export type ApiKeyKind = 'secret' | 'publishable'

/**
 * Customer API keys. Only a SHA-256 of the key is stored; the key itself is shown once.
 * `secret` keys belong on a company's servers and may act for any of its customers;
 * `publishable` keys are safe in a web page and only start and continue a customer's own conversations.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').$type<ApiKeyKind>().notNull(),
    name: text('name').notNull(),
    /** First characters of the key, to recognise it in lists. */
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.hash), index('api_keys_tenant_idx').on(t.tenantId)],
)

/** Support staff with a bearer token (hashed at rest) and a role. */
export const staff = pgTable(
  'staff',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<StaffRole>().notNull(),
    skills: jsonb('skills').$type<string[]>().notNull().default([]),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('staff_token_hash_idx').on(t.tokenHash), index('staff_tenant_idx').on(t.tenantId)],
)

import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, vector } from 'drizzle-orm/pg-core'
import { tsvector } from './types.js'

export const documents = pgTable(
  'documents',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    lang: text('lang').notNull(),
    format: text('format').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    contentHash: text('content_hash').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
)

export const chunks = pgTable(
  'chunks',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    docId: text('doc_id').notNull(),
    ordinal: integer('ordinal').notNull(),
    text: text('text').notNull(),
    /** Analyzer output (Chinese segmented, English stemmed), the input of the tsvector. */
    searchText: text('search_text').notNull(),
    tsv: tsvector('tsv').generatedAlwaysAs(sql`to_tsvector('simple', search_text)`),
    embedding: vector('embedding', { dimensions: 512 }).notNull(),
    embedderId: text('embedder_id').notNull(),
    /** Version of the analyzer that wrote search_text (src/knowledge/ingest.ts): an older one is re-indexed on start. */
    analyzer: text('analyzer').notNull().default(''),
  },
  (t) => [
    index('chunks_tenant_doc_idx').on(t.tenantId, t.docId),
    index('chunks_tsv_idx').using('gin', t.tsv),
    index('chunks_embedding_hnsw_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
  ],
)

/**
 * Saved replies: a tenant's canned answers, kept by supervisors and inserted by agents into the
 * reply box. Every function is scoped by tenant; another tenant's reply is as unknown as a missing one.
 * A title is unique within the tenant, ignoring case (the table's unique index decides, so two
 * concurrent writes cannot both win).
 */
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import type { Db } from '../db/client.js'
import { savedReplies, type SavedReplyLang } from '../db/schema/index.js'
import { notFound } from '../http/problem.js'
import { conflict } from './errors.js'

export interface SavedReplyView {
  id: string
  title: string
  text: string
  lang: SavedReplyLang | null
  created_by: string | null
  created_at: string
  /** Who last created or changed it (null for a reply saved before this was kept). */
  updated_by: string | null
  updated_at: string
}

export interface SavedReplyInput {
  title: string
  text: string
  lang?: SavedReplyLang | null
}

type Row = typeof savedReplies.$inferSelect

const view = (r: Row): SavedReplyView => ({
  id: r.id,
  title: r.title,
  text: r.text,
  lang: r.lang ?? null,
  created_by: r.createdBy,
  created_at: new Date(r.createdAt).toISOString(),
  updated_by: r.updatedBy,
  updated_at: new Date(r.updatedAt).toISOString(),
})

const duplicateTitle = (title: string) => conflict(`A saved reply titled "${title}" already exists.`)
const unknownReply = (id: string) => notFound('Saved reply', id)

/** PostgreSQL's unique_violation, from either driver, possibly wrapped by drizzle (`cause`). */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true
  }
  return false
}

/** The tenant's saved replies by title; with `lang`, those in that language and those for any language. */
export async function listSavedReplies(db: Db, tenantId: string, opts: { lang?: SavedReplyLang } = {}): Promise<SavedReplyView[]> {
  const rows = await db
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.tenantId, tenantId), opts.lang ? or(eq(savedReplies.lang, opts.lang), isNull(savedReplies.lang)) : undefined))
    .orderBy(asc(sql`lower(${savedReplies.title})`), asc(savedReplies.id))
  return rows.map(view)
}

export async function createSavedReply(db: Db, tenantId: string, staffId: string | null, input: SavedReplyInput): Promise<SavedReplyView> {
  const [row] = await db
    .insert(savedReplies)
    .values({ id: crypto.randomUUID(), tenantId, title: input.title, text: input.text, lang: input.lang ?? null, createdBy: staffId, updatedBy: staffId })
    // The only unique constraint a fresh uuid can meet is the title's.
    .onConflictDoNothing()
    .returning()
  if (!row) throw duplicateTitle(input.title)
  return view(row)
}

/** Changes what `patch` names, as `staffId`; an unknown id (or another tenant's) is 404, a title already taken 409. */
export async function updateSavedReply(db: Db, tenantId: string, id: string, staffId: string | null, patch: Partial<SavedReplyInput>): Promise<SavedReplyView> {
  const set: PgUpdateSetSource<typeof savedReplies> = { updatedAt: sql`now()`, updatedBy: staffId }
  if (patch.title !== undefined) set.title = patch.title
  if (patch.text !== undefined) set.text = patch.text
  if (patch.lang !== undefined) set.lang = patch.lang
  let row: Row | undefined
  try {
    ;[row] = await db
      .update(savedReplies)
      .set(set)
      .where(and(eq(savedReplies.tenantId, tenantId), eq(savedReplies.id, id)))
      .returning()
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateTitle(patch.title ?? '')
    throw error
  }
  if (!row) throw unknownReply(id)
  return view(row)
}

export async function deleteSavedReply(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(savedReplies)
    .where(and(eq(savedReplies.tenantId, tenantId), eq(savedReplies.id, id)))
    .returning({ id: savedReplies.id })
  if (!deleted.length) throw unknownReply(id)
}

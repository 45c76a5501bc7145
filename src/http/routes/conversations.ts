import { Hono } from 'hono'
import { and, asc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { insertSelect } from '../../db/insert-select.js'
import { conversationPrivacy, conversations, messages } from '../../db/schema/index.js'
import { auditRequest } from '../../privacy/audit-http.js'
import { noticeFor } from '../../privacy/config.js'
import { noticeVersion } from '../../privacy/notice.js'
import { conversationFor } from '../access.js'
import { customerMeta } from '../message-view.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { storableMetadata } from '../../db/storable-json.js'
import { CONVERSATION_METADATA } from '../schemas.js'
import { readJson } from '../validate.js'

const CreateConversation = z
  .object({
    lang: z.enum(['en', 'zh']).optional(),
    metadata: storableMetadata(CONVERSATION_METADATA).default({}),
    /** false: the customer asks that the transcript is not kept beyond the conversation. */
    retain: z.boolean().default(true),
  })
  .strict()

export const conversationRoutes = new Hono<AppEnv>()
  .post('/v1/conversations', requireCustomer, async (c) => {
    const body = await readJson(c, CreateConversation, { optional: true })
    const principal = c.var.principal!
    const id = crypto.randomUUID()
    const notice = noticeFor(c.var.deps.config, c.var.tenantId)
    const version = await noticeVersion(notice)
    const tenantId = c.var.tenantId
    // One statement, so one round trip and atomic: the conversation and its privacy choices.
    await c.var.deps.db.execute(
      sql`WITH conv AS (
          ${insertSelect(conversations, { id, tenantId, customerId: principal.kind === 'customer' ? principal.customerId : null, lang: body.lang ?? null, metadata: body.metadata }, sql``)}
          RETURNING id
        ) ${insertSelect(conversationPrivacy, { conversationId: sql`conv.id`, tenantId, retain: body.retain, noticeVersion: version }, sql`FROM conv`)}`,
    )
    const privacy = { notice: body.lang ? { [body.lang]: notice[body.lang] } : notice, notice_version: version, retain: body.retain }
    return c.json({ id, status: 'bot', privacy }, 201, { location: `/v1/conversations/${id}` })
  })
  .get('/v1/conversations/:id', async (c) => {
    const conversation = await conversationFor(c, c.req.param('id'))
    if (c.var.principal?.kind === 'staff') await auditRequest(c, 'conversation.read', { type: 'conversation', id: conversation.id })
    const db = c.var.deps.db
    const [rows, [privacy]] = await Promise.all([
      db
        .select({ id: messages.id, seq: messages.seq, role: messages.role, text: messages.text, meta: messages.meta, created_at: messages.createdAt })
        .from(messages)
        .where(and(eq(messages.tenantId, c.var.tenantId), eq(messages.conversationId, conversation.id)))
        .orderBy(asc(messages.seq)),
      // The choices made when it started, so a client that reloads shows them as they are.
      db
        .select({ retain: conversationPrivacy.retain, notice_version: conversationPrivacy.noticeVersion })
        .from(conversationPrivacy)
        .where(and(eq(conversationPrivacy.tenantId, c.var.tenantId), eq(conversationPrivacy.conversationId, conversation.id))),
    ])
    const transcript = c.var.deps.vault ? await c.var.deps.vault.openDeep(rows) : rows
    return c.json({
      id: conversation.id,
      status: conversation.status,
      lang: conversation.lang,
      created_at: conversation.createdAt,
      privacy: privacy ?? null,
      // Staff see who on the team wrote a reply; the customer sees the agent's name only.
      messages: transcript.map(({ meta, ...m }) => ({ ...m, ...(c.var.principal?.kind === 'staff' ? meta : customerMeta(meta)) })),
    })
  })

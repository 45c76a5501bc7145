import { Hono } from 'hono'
import { and, asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { conversations, messages } from '../../db/schema/index.js'
import { notFound } from '../problem.js'
import { readJson } from '../validate.js'

const CreateConversation = z
  .object({
    customer_id: z.string().trim().min(1).max(200).optional(),
    lang: z.enum(['en', 'zh']).optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()

export const conversationRoutes = new Hono<AppEnv>()
  .post('/v1/conversations', async (c) => {
    const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? CreateConversation.parse({}) : await readJson(c, CreateConversation)
    const id = crypto.randomUUID()
    await c.var.deps.db.insert(conversations).values({
      id,
      tenantId: c.var.tenantId,
      customerId: body.customer_id ?? null,
      lang: body.lang ?? null,
      metadata: body.metadata,
    })
    return c.json({ id, status: 'bot' }, 201, { location: `/v1/conversations/${id}` })
  })
  .get('/v1/conversations/:id', async (c) => {
    const { db } = c.var.deps
    const id = c.req.param('id')
    const [conversation] = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.tenantId, c.var.tenantId), eq(conversations.id, id)))
    if (!conversation) throw notFound('Conversation', id)
    const transcript = await db
      .select({ id: messages.id, seq: messages.seq, role: messages.role, text: messages.text, meta: messages.meta, created_at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.tenantId, c.var.tenantId), eq(messages.conversationId, id)))
      .orderBy(asc(messages.seq))
    return c.json({
      id: conversation.id,
      status: conversation.status,
      lang: conversation.lang,
      created_at: conversation.createdAt,
      messages: transcript.map(({ meta, ...m }) => ({ ...m, ...meta })),
    })
  })

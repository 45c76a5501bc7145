import { Hono } from 'hono'
import { and, asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { conversations, messages } from '../../db/schema/index.js'
import { conversationFor } from '../access.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { readJson } from '../validate.js'

const CreateConversation = z
  .object({
    lang: z.enum(['en', 'zh']).optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()

export const conversationRoutes = new Hono<AppEnv>()
  .post('/v1/conversations', requireCustomer, async (c) => {
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding')
    const body = hasBody ? await readJson(c, CreateConversation) : CreateConversation.parse({})
    const principal = c.var.principal!
    const id = crypto.randomUUID()
    await c.var.deps.db.insert(conversations).values({
      id,
      tenantId: c.var.tenantId,
      customerId: principal.kind === 'customer' ? principal.customerId : null,
      lang: body.lang ?? null,
      metadata: body.metadata,
    })
    return c.json({ id, status: 'bot' }, 201, { location: `/v1/conversations/${id}` })
  })
  .get('/v1/conversations/:id', async (c) => {
    const conversation = await conversationFor(c, c.req.param('id'))
    const transcript = await c.var.deps.db
      .select({ id: messages.id, seq: messages.seq, role: messages.role, text: messages.text, meta: messages.meta, created_at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.tenantId, c.var.tenantId), eq(messages.conversationId, conversation.id)))
      .orderBy(asc(messages.seq))
    return c.json({
      id: conversation.id,
      status: conversation.status,
      lang: conversation.lang,
      created_at: conversation.createdAt,
      messages: transcript.map(({ meta, ...m }) => ({ ...m, ...meta })),
    })
  })

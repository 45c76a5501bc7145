/** The customer's rating after a person resolved their conversation: once per handoff. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { storableComment, submitFeedback } from '../../handoff/feedback.js'
import { conversationFor } from '../access.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { customerText } from '../../text/customer-text.js'
import { readJson } from '../validate.js'

const Feedback = z.object({ rating: z.number().int().min(1).max(5), comment: customerText(2000).optional() }).strict()

export const feedbackRoutes = new Hono<AppEnv>().post('/v1/conversations/:id/feedback', requireCustomer, async (c) => {
  const body = await readJson(c, Feedback)
  const conversation = await conversationFor(c, c.req.param('id'))
  const comment = body.comment === undefined ? undefined : await storableComment(c.var.deps, body.comment)
  const stored = await submitFeedback(c.var.deps.db, c.var.tenantId, conversation.id, { rating: body.rating, comment })
  // The customer gets back what they wrote, not the tokens it was stored as.
  return c.json({ ...stored, comment: body.comment ?? null }, 201)
})

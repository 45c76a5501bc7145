/** "Was this helpful?": the customer's vote on one of the assistant's answers; a second vote replaces the first. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { rateAnswer } from '../../feedback/answers.js'
import { storableComment } from '../../handoff/feedback.js'
import { conversationFor } from '../access.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { customerText } from '../../text/customer-text.js'
import { readJson } from '../validate.js'

const AnswerFeedback = z.object({ helpful: z.boolean(), comment: customerText(2000).optional() }).strict()

export const answerFeedbackRoutes = new Hono<AppEnv>().put('/v1/conversations/:id/messages/:messageId/feedback', requireCustomer, async (c) => {
  const body = await readJson(c, AnswerFeedback)
  const conversation = await conversationFor(c, c.req.param('id'))
  const comment = body.comment === undefined ? undefined : await storableComment(c.var.deps, body.comment)
  const stored = await rateAnswer(c.var.deps.db, c.var.tenantId, conversation.id, c.req.param('messageId'), { helpful: body.helpful, comment })
  // The customer gets back what they wrote, not the tokens it was stored as.
  return c.json({ ...stored, comment: body.comment ?? null }, 200)
})

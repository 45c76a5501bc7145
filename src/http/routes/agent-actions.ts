/** What an agent does in a claimed conversation: reply, note, transfer, resolve, return to the bot. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { addNote, replyToCustomer, resolveHandoff, returnToBot, transferHandoff } from '../../handoff/actions.js'
import { handoffView } from '../../handoff/view.js'
import { requireRole } from '../middleware/auth/index.js'
import { messageBody, NOTE_MAX_CHARS } from '../schemas.js'
import { readJson } from '../validate.js'
import { actorOf, handoffDeps } from './agent-context.js'

const Transfer = z.discriminatedUnion('to', [
  z.object({ to: z.literal('agent'), staff_id: z.string().min(1).max(100) }).strict(),
  z.object({ to: z.literal('queue'), skill: z.string().min(1).max(64).nullish() }).strict(),
])

const id = (c: { req: { param(name: 'id'): string } }) => c.req.param('id')

export const agentActionRoutes = new Hono<AppEnv>()
  .use('/v1/agent/handoffs/:id/*', requireRole('agent'))
  .post('/v1/agent/handoffs/:id/reply', async (c) => {
    const body = await readJson(c, messageBody(c.var.deps.config.MAX_MESSAGE_CHARS))
    const { message, handoff } = await replyToCustomer(handoffDeps(c), actorOf(c), id(c), body.text)
    return c.json({ message, handoff: handoffView(handoff) }, 201)
  })
  .post('/v1/agent/handoffs/:id/notes', async (c) => {
    const body = await readJson(c, messageBody(NOTE_MAX_CHARS))
    return c.json(await addNote(handoffDeps(c), actorOf(c), id(c), body.text), 201)
  })
  .post('/v1/agent/handoffs/:id/transfer', async (c) => {
    const body = await readJson(c, Transfer)
    const target = body.to === 'agent' ? { to: 'agent' as const, staffId: body.staff_id } : { to: 'queue' as const, skill: body.skill ?? null }
    return c.json(handoffView(await transferHandoff(handoffDeps(c), actorOf(c), id(c), target)))
  })
  .post('/v1/agent/handoffs/:id/resolve', async (c) => c.json(handoffView(await resolveHandoff(handoffDeps(c), actorOf(c), id(c)))))
  .post('/v1/agent/handoffs/:id/return', async (c) => c.json(handoffView(await returnToBot(handoffDeps(c), actorOf(c), id(c)))))

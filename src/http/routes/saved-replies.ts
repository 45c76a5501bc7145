/** Saved replies: agents list a tenant's canned answers; supervisors (and admins) create, change and delete them. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from '../../handoff/saved-replies.js'
import { cleanText } from '../../text/clean.js'
import { customerText } from '../../text/customer-text.js'
import { requireRole } from '../middleware/auth/index.js'
import { perLimit } from '../per-limit.js'
import { readJson, readQuery } from '../validate.js'
import { actorOf } from './agent-context.js'

export const SAVED_REPLY_TITLE_MAX = 100

/** One line: control characters dropped, runs of whitespace (line breaks too) made one space. */
const title = z
  .string()
  .transform((s) => cleanText(s).replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'title must not be empty').max(SAVED_REPLY_TITLE_MAX, `title must be at most ${SAVED_REPLY_TITLE_MAX} characters`))
/** null: for conversations in any language. */
const lang = z.enum(['en', 'zh']).nullable()

const ListQuery = z.object({ lang: z.enum(['en', 'zh']).optional() }).strict()

/** The bodies for a text limit (the server's MAX_MESSAGE_CHARS: a saved reply is sent as a reply). */
const bodiesFor = perLimit((maxText) => {
  const text = customerText(maxText)
  return {
    create: z.object({ title, text, lang: lang.optional() }).strict(),
    update: z
      .object({ title: title.optional(), text: text.optional(), lang: lang.optional() })
      .strict()
      .refine((b) => b.title !== undefined || b.text !== undefined || b.lang !== undefined, 'send at least one of title, text, lang'),
  }
})

export const savedReplyRoutes = new Hono<AppEnv>()
  .use('/v1/agent/saved-replies', requireRole('agent'))
  .use('/v1/agent/saved-replies/*', requireRole('agent'))
  .get('/v1/agent/saved-replies', async (c) => {
    const q = readQuery(c, ListQuery)
    return c.json({ saved_replies: await listSavedReplies(c.var.deps.db, actorOf(c).tenantId, { lang: q.lang }) })
  })
  .post('/v1/agent/saved-replies', requireRole('supervisor'), async (c) => {
    const body = await readJson(c, bodiesFor(c.var.deps.config.MAX_MESSAGE_CHARS).create)
    const actor = actorOf(c)
    return c.json(await createSavedReply(c.var.deps.db, actor.tenantId, actor.staffId, body), 201)
  })
  .patch('/v1/agent/saved-replies/:id', requireRole('supervisor'), async (c) => {
    const body = await readJson(c, bodiesFor(c.var.deps.config.MAX_MESSAGE_CHARS).update)
    const actor = actorOf(c)
    return c.json(await updateSavedReply(c.var.deps.db, actor.tenantId, c.req.param('id'), actor.staffId, body))
  })
  .delete('/v1/agent/saved-replies/:id', requireRole('supervisor'), async (c) => {
    await deleteSavedReply(c.var.deps.db, actorOf(c).tenantId, c.req.param('id'))
    return c.body(null, 204)
  })

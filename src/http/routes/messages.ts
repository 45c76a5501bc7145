import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import { ConversationNotFound, runTurn } from '../../turn/turn.js'
import { splitSentences } from '../../text/sentences.js'
import { notFound } from '../problem.js'
import { conversationFor } from '../access.js'
import { requireCustomer } from '../middleware/auth/index.js'
import { customerText } from '../schemas.js'
import { readJson } from '../validate.js'

export const messageRoutes = new Hono<AppEnv>().post('/v1/conversations/:id/messages', requireCustomer, async (c) => {
  const deps = c.var.deps
  const body = await readJson(c, z.object({ text: customerText(deps.config.MAX_MESSAGE_CHARS) }).strict())
  const conversationId = (await conversationFor(c, c.req.param('id'))).id
  const turn = async () => {
    try {
      return await runTurn(deps, { tenantId: c.var.tenantId, conversationId, text: body.text })
    } catch (error) {
      if (error instanceof ConversationNotFound) throw notFound('Conversation', conversationId)
      throw error
    }
  }

  if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
    const result = await turn()
    return c.json(result.reply, 200)
  }

  // The turn runs before the stream opens, so a missing conversation is still a plain 404.
  const result = await turn()
  return streamSSE(c, async (stream) => {
    const { reply } = result
    let id = 0
    // Every sentence of the reply passed the output check before the first byte is written.
    for (const sentence of reply.message ? splitSentences(reply.message) : []) {
      await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: sentence }), id: String(++id) })
    }
    await stream.writeSSE({ event: 'reply', data: JSON.stringify(reply), id: String(++id) })
  })
})

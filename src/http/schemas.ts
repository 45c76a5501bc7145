import { z } from 'zod'
import { customerText } from '../text/customer-text.js'

const messageBodies = new Map<number, z.ZodType<{ text: string }>>()

/**
 * A `{ text }` message body of at most `max` characters. zod compiles a schema's fast path on its
 * first parse, so each limit's schema is built once rather than on every request.
 */
export function messageBody(max: number): z.ZodType<{ text: string }> {
  let schema = messageBodies.get(max)
  if (!schema) messageBodies.set(max, (schema = z.object({ text: customerText(max) }).strict()))
  return schema
}

/** An agent's internal note: a fixed limit (MAX_MESSAGE_CHARS is for messages); the console's note box uses it too. */
export const NOTE_MAX_CHARS = 4000

/** Limits on a conversation's metadata: room for page context and ids, not a document store. */
export const CONVERSATION_METADATA = { maxDepth: 8, maxEntries: 1000, maxChars: 16_000 } as const

import { z } from 'zod'
import { customerText } from '../text/customer-text.js'
import { perLimit } from './per-limit.js'

/** A `{ text }` message body of at most `max` characters, built once per limit rather than on every request. */
export const messageBody: (max: number) => z.ZodType<{ text: string }> = perLimit((max) => z.object({ text: customerText(max) }).strict())

/** An agent's internal note: a fixed limit (MAX_MESSAGE_CHARS is for messages); the console's note box uses it too. */
export const NOTE_MAX_CHARS = 4000

/** Limits on a conversation's metadata: room for page context and ids, not a document store. */
export const CONVERSATION_METADATA = { maxDepth: 8, maxEntries: 1000, maxChars: 16_000 } as const

import { z } from 'zod'

/** Customer text: NUL and other control characters Postgres or terminals choke on are removed. */
export const customerText = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').trim())
    .pipe(
      z
        .string()
        .min(1, 'text must not be empty')
        .max(max, `text must be at most ${max} characters`)
        // trim() leaves zero-width spaces and joiners ("\u200b"): text of nothing else is empty too.
        .refine((s) => /[^\s\p{Cf}]/u.test(s), 'text must not be empty'),
    )

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

/** Limits on a conversation's metadata: room for page context and ids, not a document store. */
export const CONVERSATION_METADATA = { maxDepth: 8, maxEntries: 1000, maxChars: 16_000 } as const

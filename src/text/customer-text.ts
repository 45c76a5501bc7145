import { z } from 'zod'
import { cleanText } from './clean.js'

/**
 * Text a person wrote (a customer's message, a help-center article): cleaned (see clean.ts), trimmed,
 * and refused when nothing is left or it is longer than `max`.
 */
export const customerText = (max: number) =>
  z
    .string()
    .transform((s) => cleanText(s).trim())
    .pipe(
      z
        .string()
        .min(1, 'text must not be empty')
        .max(max, `text must be at most ${max} characters`)
        // trim() leaves zero-width spaces and joiners ("\u200b"): text of nothing else is empty too.
        .refine((s) => /[^\s\p{Cf}]/u.test(s), 'text must not be empty'),
    )

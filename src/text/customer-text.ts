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
        .max(max, `text must be at most ${max} characters`)
        // Empty, or only what trim() leaves (zero-width spaces and joiners, "\u200b"): one check, one error.
        .refine((s) => /[^\s\p{Cf}]/u.test(s), 'text must not be empty'),
    )

/**
 * zod validation for JSON bodies and query strings, answering 400 for unparsable input and
 * 422 for well-formed input that breaks the schema, always as problem+json.
 */
import type { Context } from 'hono'
import { z } from 'zod'
import { ProblemError } from './problem.js'

type Part = 'request body' | 'query string'

function invalid(error: z.ZodError, part: Part): ProblemError {
  return new ProblemError({
    title: 'Unprocessable Content',
    status: 422,
    detail: `The ${part} does not match the schema.`,
    errors: error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
  })
}

/**
 * The JSON body, checked by `schema`. With `optional`, an empty body (whatever its content type
 * says) stands for `{}`, so the schema's defaults apply.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, opts: { optional?: boolean } = {}): Promise<z.output<S>> {
  const text = await c.req.text()
  if (opts.optional && text.trim() === '') return check(schema, {}, 'request body')
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new ProblemError({ title: 'Unsupported Media Type', status: 415, detail: 'Send the body as application/json.' })
  }
  // JSON is UTF-8 (RFC 8259): a body declared in another charset would be stored garbled, not refused.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw new ProblemError({ title: 'Unsupported Media Type', status: 415, detail: `Send the body as UTF-8 JSON, not ${charset}.` })
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'The body is not valid JSON.' })
  }
  return check(schema, body, 'request body')
}

function check<S extends z.ZodType>(schema: S, value: unknown, part: Part): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw invalid(parsed.error, part)
  return parsed.data
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.query(), 'query string')
}

/** `?limit=` (a form's unfilled field) means the same as no `limit`. */
const emptyIsMissing = (v: unknown) => (v === '' ? undefined : v)

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d{1,15}$/, 'must be a whole number').transform(Number).pipe(z.number().min(min).max(max))
const decimal = (min: number, max: number) =>
  z.string().regex(/^\d{1,15}(\.\d{1,15})?$/, 'must be a number').transform(Number).pipe(z.number().min(min).max(max))

/**
 * A whole number in the query string, written plainly ("0x10", "1e2" and " 5" are refused, as
 * z.coerce would take them); empty or absent is `fallback`.
 */
export function queryInt(min: number, max: number): z.ZodType<number | undefined, unknown>
export function queryInt(min: number, max: number, fallback: number): z.ZodType<number, unknown>
export function queryInt(min: number, max: number, fallback?: number): z.ZodType<number | undefined, unknown> {
  return z.preprocess(emptyIsMissing, fallback === undefined ? wholeNumber(min, max).optional() : wholeNumber(min, max).default(fallback))
}

/** A decimal number in the query string; empty or absent is undefined. */
export const queryNumber = (min: number, max: number) => z.preprocess(emptyIsMissing, decimal(min, max).optional())

/**
 * zod validation for JSON bodies and query strings, answering 400 for unparsable input and
 * 422 for well-formed input that breaks the schema, always as problem+json.
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import { ProblemError } from './problem.js'

function invalid(error: z.ZodError): ProblemError {
  return new ProblemError({
    title: 'Unprocessable Content',
    status: 422,
    detail: 'The request body does not match the schema.',
    errors: error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
  })
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new ProblemError({ title: 'Unsupported Media Type', status: 415, detail: 'Send the body as application/json.' })
  }
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch {
    throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'The body is not valid JSON.' })
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw invalid(parsed.error)
  return parsed.data
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query())
  if (!parsed.success) throw invalid(parsed.error)
  return parsed.data
}

/**
 * RFC 9457 problem details. Every error the API returns has this shape, so clients can
 * handle them in one place.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface Problem {
  type?: string
  title: string
  status: ContentfulStatusCode
  detail?: string
  errors?: Array<{ path: string; message: string }>
  [extension: string]: unknown
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title)
  }
}

export function problem(c: Context, p: Problem, headers: Record<string, string> = {}): Response {
  const body = { type: p.type ?? 'about:blank', instance: new URL(c.req.url).pathname, ...p }
  return c.body(JSON.stringify(body), p.status, { 'content-type': 'application/problem+json', ...headers })
}

export const notFound = (what: string, id?: string) =>
  new ProblemError({ title: 'Not Found', status: 404, detail: id ? `${what} ${id} does not exist` : `${what} does not exist` })

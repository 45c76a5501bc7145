/**
 * Refuses URLs whose path or query decode to characters no id or search may contain: NUL and
 * other control characters (PostgreSQL rejects NUL in text outright) and unpaired surrogates.
 * Routes can then pass ids and queries to the database without each checking for them.
 */
import { createMiddleware } from 'hono/factory'
import { problem } from '../../problem.js'
import { hasUnsafeChars } from '../../../text/clean.js'

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export const inputGuard = createMiddleware(async (c, next) => {
  const url = new URL(c.req.url)
  const badPath = url.pathname.split('/').some((s) => hasUnsafeChars(decoded(s)))
  const badQuery = !badPath && [...url.searchParams].some(([k, v]) => hasUnsafeChars(k) || hasUnsafeChars(v))
  if (badPath || badQuery) {
    return problem(c, { title: 'Bad Request', status: 400, detail: `The URL ${badPath ? 'path' : 'query'} contains control characters or invalid Unicode.` })
  }
  await next()
})

/**
 * CORS for the API: the customer API is meant to be called from a company's web pages with a
 * publishable key, so the allowed origins come from config. Credentials are headers
 * (`Authorization`, `X-Customer-Id`, the widget's `X-User-Id`/`X-User-Hash`), never cookies, so `Access-Control-Allow-Credentials` stays off.
 */
import { cors } from 'hono/cors'

export function apiCors(origins: string[]) {
  const any = origins.includes('*')
  return cors({
    origin: any ? '*' : (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Customer-Id', 'X-User-Id', 'X-User-Hash', 'Idempotency-Key', 'X-Request-Id', 'Last-Event-ID', 'Accept'],
    exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'RateLimit-Remaining', 'Idempotent-Replayed'],
    maxAge: 600,
    credentials: false,
  })
}

/** Rejects request bodies over a size with a 413 problem, before anything reads them. */
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import type { MiddlewareHandler } from 'hono'
import { problem } from '../../problem.js'

export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      problem(c, { title: 'Content Too Large', status: 413, detail: `The request body is larger than ${maxBytes} bytes.`, max_bytes: maxBytes }),
  })
}

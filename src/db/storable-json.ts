/**
 * Client metadata stored as jsonb: a JSON object PostgreSQL accepts and the service can serialise.
 * What it cannot store, or would store as something else (Infinity becomes null), is refused, not
 * changed: it is the client's own data, read back as sent, and a cleaned key could collide with another.
 */
import { z } from 'zod'

export interface MetadataLimits {
  /** Objects and arrays inside one another; refused past it before the JSON encoder overflows its stack. */
  maxDepth: number
  /** Keys and array items in all. */
  maxEntries?: number
  /** Length as JSON. */
  maxChars?: number
}

/** What PostgreSQL cannot store in text or jsonb: NUL, and UTF-16 surrogates without their pair. */
const UNSTORABLE = /\u0000|\p{Cs}/u

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

type Issue = { message: string; path: Array<string | number> }

/** Why the metadata cannot be stored, or null. Walks with its own stack: the nesting is the client's to choose. */
function metadataIssue(metadata: Record<string, unknown>, limits: MetadataLimits): Issue | null {
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value: metadata, path: [] }]
  let entries = 0
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next
    if (typeof value === 'string' && UNSTORABLE.test(value)) return { path, message: 'must not contain NUL characters or unpaired surrogates' }
    if (typeof value === 'number' && !Number.isFinite(value)) return { path, message: 'numbers must be finite' }
    if (typeof value !== 'object' || value === null) continue
    if (path.length >= limits.maxDepth) return { path, message: `must not nest deeper than ${limits.maxDepth} levels` }
    const children: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
    entries += children.length
    if (limits.maxEntries !== undefined && entries > limits.maxEntries) return { path: [], message: `must not have more than ${limits.maxEntries} keys and array items in all` }
    for (const [key, child] of children) {
      // The path names the object, not the key: the key itself is what cannot be shown.
      if (typeof key === 'string' && UNSTORABLE.test(key)) return { path, message: 'keys must not contain NUL characters or unpaired surrogates' }
      pending.push({ value: child, path: [...path, key] })
    }
  }
  if (limits.maxChars !== undefined && JSON.stringify(metadata).length > limits.maxChars) return { path: [], message: `must not be longer than ${limits.maxChars} characters as JSON` }
  return null
}

/** The object as parsed (z.record would drop a "__proto__" key), checked against the limits. */
export function storableMetadata(limits: MetadataLimits) {
  return z.custom<Record<string, unknown>>(isObject, 'must be a JSON object').superRefine((metadata, ctx) => {
    const issue = metadataIssue(metadata, limits)
    if (issue) ctx.addIssue({ code: 'custom', ...issue })
  })
}

/**
 * `build(limit)` made once per limit and then shared. The limit is MAX_MESSAGE_CHARS, configuration,
 * so one per process in practice; zod compiles a schema's fast path on its first parse, and a
 * gzipped widget is worth keeping.
 */
export function perLimit<T>(build: (limit: number) => T): (limit: number) => T {
  const made = new Map<number, T>()
  return (limit) => {
    let value = made.get(limit)
    if (value === undefined) made.set(limit, (value = build(limit)))
    return value
  }
}

/**
 * Work a request leaves running after its response (AppDeps.background): on a Worker kept alive with
 * `waitUntil` and awaited before the request's database connections close; on Node awaited by a
 * shutdown before the database closes.
 */
export interface RequestBackground {
  run(work: Promise<unknown>): void
  /** Resolves once every piece of work, including any added meanwhile, has finished. */
  settled(): Promise<void>
}

/** `ctx` is a Worker's execution context; on Node the work needs nothing to keep it alive. */
export function requestBackground(ctx?: { waitUntil(promise: Promise<unknown>): void }): RequestBackground {
  const pending = new Set<Promise<void>>()
  return {
    run(work) {
      const tracked: Promise<void> = work
        .then(
          () => undefined,
          (error: unknown) => console.error(JSON.stringify({ level: 'error', msg: 'background work failed', error: String((error as Error)?.message ?? error) })),
        )
        .finally(() => pending.delete(tracked))
      pending.add(tracked)
      ctx?.waitUntil(tracked)
    },
    async settled() {
      while (pending.size) await Promise.all(pending)
    },
  }
}

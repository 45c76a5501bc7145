/** A per-stream buffer of bus events with a wait that wakes on the next event or a timeout (SSE loops use it). */
import type { AppEvent, EventBus } from '../events/bus.js'

export function eventInbox(bus: EventBus, accept: (e: AppEvent) => boolean) {
  const buffered: AppEvent[] = []
  let wake: (() => void) | null = null
  let closed = false
  const unsubscribe = bus.subscribe((e) => {
    if (closed || !accept(e)) return
    buffered.push(e)
    wake?.()
  })
  return {
    /** The events buffered so far, waiting up to `timeoutMs` for one when there are none. */
    async next(timeoutMs: number): Promise<AppEvent[]> {
      if (buffered.length === 0 && !closed) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, timeoutMs)
          function done() {
            clearTimeout(timer)
            wake = null
            resolve()
          }
          wake = done
        })
      }
      return buffered.splice(0)
    },
    close() {
      closed = true
      unsubscribe()
      wake?.()
    },
  }
}

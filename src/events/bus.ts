/**
 * In-process publish/subscribe for conversation and queue events (SSE streams listen here).
 * One bus per app instance, passed in through deps; several instances need a shared bus
 * (e.g. Postgres LISTEN/NOTIFY), which can implement the same interface.
 */
export interface AppEvent {
  tenantId: string
  /** Set for events about one conversation; queue-wide events leave it out. */
  conversationId?: string
  type: string
  data: Record<string, unknown>
}

export type Listener = (event: AppEvent) => void

export interface EventBus {
  publish(event: AppEvent): void
  subscribe(listener: Listener): () => void
}

export function createEventBus(): EventBus {
  const listeners = new Set<Listener>()
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event)
        } catch {
          // A broken subscriber must not break the publisher's request.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

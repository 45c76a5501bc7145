/**
 * The event bus across processes: every event is delivered to this process's listeners at once
 * and sent to the other processes on the same PostgreSQL database with NOTIFY, so a console
 * streaming from one process sees the turns and claims that another one handled. Delivery to other
 * processes is best effort, as NOTIFY is: an event published while a listener is reconnecting is
 * lost to it. The streams are built for that: the customer's reads its messages from the database
 * by sequence number, and a console reloads the queue whenever its stream reconnects.
 */
import type postgres from 'postgres'
import { createEventBus, type AppEvent, type EventBus } from './bus.js'

const EVENT_CHANNEL = 'parley_events'
/**
 * NOTIFY payloads must stay under 8000 bytes. An event is sent in slices of at most this many
 * UTF-8 bytes of its JSON; quoting a slice in the envelope at most doubles it.
 */
const SLICE_BYTES = 3800
/** A sliced event whose other parts have not come within this time is dropped. */
const PARTIAL_TTL_MS = 10_000

/** One NOTIFY payload: part `i` of `n` of event `id`, published by process `o`. */
interface Envelope {
  o: string
  id: string
  i: number
  n: number
  s: string
}

export interface PostgresEventBus extends EventBus {
  /** Resolves once this process listens: events other processes publish from then on arrive. */
  ready: Promise<void>
}

export function createPostgresEventBus(client: postgres.Sql, opts: { onError?: (error: unknown) => void } = {}): PostgresEventBus {
  const local = createEventBus()
  const origin = crypto.randomUUID()
  const partial = new Map<string, { parts: string[]; got: number; at: number }>()
  const onError = opts.onError ?? (() => {})

  const deliver = (json: string) => local.publish(JSON.parse(json) as AppEvent)
  const receive = (payload: string) => {
    try {
      const m = JSON.parse(payload) as Envelope
      if (m.o === origin) return
      if (m.n === 1) return deliver(m.s)
      const now = Date.now()
      for (const [id, p] of partial) if (now - p.at > PARTIAL_TTL_MS) partial.delete(id)
      const p = partial.get(m.id) ?? { parts: new Array<string>(m.n), got: 0, at: now }
      partial.set(m.id, p)
      if (p.parts[m.i] === undefined) p.got++
      p.parts[m.i] = m.s
      if (p.got < m.n) return
      partial.delete(m.id)
      deliver(p.parts.join(''))
    } catch (error) {
      onError(error)
    }
  }
  const ready = client.listen(EVENT_CHANNEL, receive).then(() => undefined)
  ready.catch(onError)

  // Events published together (a turn publishes its messages, then its handoff) leave in one
  // statement, in order: one round trip instead of one per event, and one transaction, whose
  // notifications PostgreSQL delivers in the order they were sent.
  let pending: string[] = []
  const flush = () => {
    const payloads = pending
    pending = []
    client`SELECT pg_notify(${EVENT_CHANNEL}, p) FROM unnest(${client.array(payloads)}::text[]) AS t(p)`.catch(onError)
  }

  return {
    ready,
    subscribe: local.subscribe,
    publish(event) {
      local.publish(event)
      const slices = sliceUtf8(JSON.stringify(event), SLICE_BYTES)
      const id = crypto.randomUUID()
      // The publisher's request does not wait for the other processes.
      if (pending.length === 0) queueMicrotask(flush)
      for (const [i, s] of slices.entries()) pending.push(JSON.stringify({ o: origin, id, i, n: slices.length, s } satisfies Envelope))
    },
  }
}

/** Cuts text into pieces of at most `maxBytes` UTF-8 bytes, never inside a character. */
export function sliceUtf8(text: string, maxBytes: number): string[] {
  const out: string[] = []
  let start = 0
  let bytes = 0
  let i = 0
  while (i < text.length) {
    const code = text.codePointAt(i)!
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
    const units = code > 0xffff ? 2 : 1
    if (bytes + size > maxBytes && i > start) {
      out.push(text.slice(start, i))
      start = i
      bytes = 0
    }
    bytes += size
    i += units
  }
  out.push(text.slice(start))
  return out
}

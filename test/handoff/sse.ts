/** Reads a server-sent event stream from a Response until the caller has what it needs. */
export interface SseEvent {
  event: string
  id: string | null
  data: any
}

export function sseReader(res: Response) {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  const events: SseEvent[] = []
  let buffer = ''
  let done = false

  async function pull(): Promise<void> {
    const chunk = await reader.read()
    if (chunk.done) {
      done = true
      return
    }
    buffer += decoder.decode(chunk.value, { stream: true })
    const frames = buffer.split('\n\n')
    buffer = frames.pop()!
    for (const frame of frames) {
      let event = 'message'
      let id: string | null = null
      const data: string[] = []
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('id:')) id = line.slice(3).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).trim())
      }
      if (data.length) events.push({ event, id, data: JSON.parse(data.join('\n')) })
    }
  }

  return {
    events,
    /** Reads until `ready(events)` holds; fails (rather than hangs) if the stream ends first. */
    async until(ready: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
      while (!ready(events)) {
        if (done) throw new Error(`stream ended; got ${JSON.stringify(events.map((e) => e.event))}`)
        await pull()
      }
      return events
    },
    close: () => reader.cancel().catch(() => undefined),
  }
}

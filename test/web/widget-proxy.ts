/**
 * A real HTTP proxy in front of the app, so a browser test can break connections the way a
 * network does: cut the next answer stream after its first `delta`, drop the open customer event
 * streams, refuse new ones for a while. It records what came through.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CuttingProxy {
  url: string
  /** Cut the next POST .../messages event stream right after its first delta event. */
  cutNextAnswer(): void
  /** How many answer streams were cut so far. */
  cuts: number
  /** Destroy every open GET .../events connection. */
  dropEventStreams(): void
  /** While true, new event-stream requests get a 503 (the server is "unreachable"). */
  refuseEvents: boolean
  openEventStreams(): number
  /** Last-Event-ID headers of event-stream requests, in order (undefined when absent). */
  lastEventIds: Array<string | undefined>
  /** Idempotency-Key of every message POST that reached the server. */
  messageKeys: string[]
  close(): Promise<void>
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const open = new Set<ServerResponse>()
  let cutNext = false
  const proxy: CuttingProxy = {
    url: '',
    cuts: 0,
    refuseEvents: false,
    lastEventIds: [],
    messageKeys: [],
    cutNextAnswer: () => void (cutNext = true),
    dropEventStreams: () => {
      for (const res of open) res.socket?.destroy()
      open.clear()
    },
    openEventStreams: () => open.size,
    close: async () => {
      proxy.dropEventStreams()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/'
    const isEvents = req.method === 'GET' && /\/v1\/conversations\/[^/]+\/events/.test(path)
    const isMessage = req.method === 'POST' && /\/v1\/conversations\/[^/]+\/messages$/.test(path)
    if (isEvents) {
      proxy.lastEventIds.push(req.headers['last-event-id'] as string | undefined)
      if (proxy.refuseEvents) {
        res.writeHead(503, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' }).end('unreachable')
        return
      }
    }
    if (isMessage && req.headers['idempotency-key']) proxy.messageKeys.push(String(req.headers['idempotency-key']))
    const upstream = request(target + path, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      const streaming = String(up.headers['content-type'] ?? '').includes('text/event-stream')
      if (isEvents && streaming) {
        open.add(res)
        res.on('close', () => open.delete(res))
      }
      const cut = isMessage && streaming && cutNext
      if (cut) cutNext = false
      const cutsAtStart = proxy.cuts
      let seen = ''
      up.on('data', (chunk: Buffer) => {
        if (!cut) return void res.write(chunk)
        seen += chunk.toString('utf8')
        const delta = seen.indexOf('event: delta')
        const end = delta < 0 ? -1 : seen.indexOf('\n\n', delta)
        if (end < 0) return
        // The first delta reaches the browser, then the connection closes mid-body (no final chunk).
        proxy.cuts++
        res.write(seen.slice(0, end + 2))
        res.socket?.end()
        up.removeAllListeners('data')
        up.resume()
      })
      // An answer without any delta is passed on whole (and not counted as cut).
      up.on('end', () => (cut && !res.socket?.destroyed && proxy.cuts === cutsAtStart ? res.end(seen) : res.end()))
      up.on('error', () => res.socket?.destroy())
    })
    upstream.on('error', () => res.socket?.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return proxy
}

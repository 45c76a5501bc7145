/**
 * A real OpenAI-compatible HTTP server on loopback for tests: chat completions (plain,
 * SSE streaming, json_schema / json_object response formats, tool calls), embeddings
 * (deterministic, honouring `dimensions` and base64 encoding) and moderations.
 * Replies come from a handler the test supplies; faults are injected per call.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ChatMessage {
  role: string
  content: string | Array<{ type: string; text?: string }> | null
  tool_calls?: unknown[]
}

export interface ChatRequest {
  model: string
  messages: ChatMessage[]
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  tools?: Array<{ type: 'function'; function: { name: string; parameters?: unknown } }>
  tool_choice?: unknown
  response_format?: { type: 'text' | 'json_object' | 'json_schema'; json_schema?: { name: string; schema?: unknown } }
  [key: string]: unknown
}

/**
 * What the handler returns. A string is the assistant's text. `json` is structured output:
 * sent as a tool call when the request forces a function, otherwise as JSON content.
 */
export type ChatReply = string | { content?: string; json?: unknown; finishReason?: string }

export type ChatHandler = (req: ChatRequest) => ChatReply | Promise<ChatReply>

export type Fault =
  /** Waits before answering (the response is dropped if the client gave up). */
  | { kind: 'delay'; ms: number; times?: number }
  /** Answers with this HTTP status and an OpenAI-style error body. */
  | { kind: 'status'; status: number; times?: number; retryAfterSeconds?: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed'; times?: number }
  /** Streams: sends half the chunks then ends the response without finish_reason or [DONE]. Non-streams: half the JSON body. */
  | { kind: 'truncate'; times?: number }
  /** Streams: sends half the chunks then keeps the connection open, silent, until the client leaves. */
  | { kind: 'stall'; times?: number }

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: any
  /** Settles when the exchange is over: answered, or dropped by the client (e.g. it aborted the request). */
  closed: Promise<void>
}

export interface FakeOpenAIOptions {
  chat?: ChatHandler
  /** Dimension when the request has no `dimensions` (real models have a fixed native size). */
  defaultEmbeddingDim?: number
  /** Overrides the hash-based vectors, e.g. to return a wrong size. */
  embed?: (text: string, dim: number) => number[]
  /** Moderation flags an input containing any of these words (case-insensitive) as harassment. */
  flaggedWords?: string[]
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string
  /** Characters per streamed content delta. */
  streamChunkChars?: number
  /**
   * Answers at a model's pace instead of at once (benchmarks): a chat waits `firstTokenMs`, then
   * `tokenMs` per content delta (streamed as they are made); embeddings take `embedMs`.
   */
  pace?: { firstTokenMs: number; tokenMs: number; embedMs?: number }
  /** Hears each answered request with its timings (performance.now()): when it came, each delta sent, the end. */
  onExchange?: (exchange: Exchange) => void
}

export interface Exchange {
  path: string
  body: any
  receivedAt: number
  /** Streamed content deltas with the time each was written. */
  deltas: Array<{ at: number; text: string }>
  endAt: number
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, as the SDK's `baseURL` expects. */
  url: string
  requests: RecordedRequest[]
  /** Applies to the next `times` calls (default: every call until cleared with `null`). */
  setFault(fault: Fault | null): void
  setChatHandler(handler: ChatHandler): void
  close(): Promise<void>
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content
  return (content ?? []).map((p) => p.text ?? '').join('')
}

/** Default reply: echoes the last user message, so tests can see what the model was sent. */
const echo: ChatHandler = (req) => {
  const last = [...req.messages].reverse().find((m) => m.role === 'user')
  return `You said: ${textOf(last?.content ?? '')}`
}

/** Waits, unless the client has gone (then there is nobody to answer). */
function sleep(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const gone = () => {
      clearTimeout(t)
      resolve()
    }
    const t = setTimeout(() => {
      res.off('close', gone)
      resolve()
    }, ms)
    res.once('close', gone)
  })
}

/** Unit vector derived from sha256 of the text: same text, same vector; different text, unrelated vector. */
export function hashVector(text: string, dim: number): number[] {
  const out: number[] = []
  for (let block = 0; out.length < dim; block++) {
    const h = createHash('sha256').update(`${block}:${text}`).digest()
    for (let i = 0; i + 1 < h.length && out.length < dim; i += 2) out.push(h.readUInt16LE(i) / 32767.5 - 1)
  }
  const norm = Math.hypot(...out) || 1
  return out.map((v) => v / norm)
}

function toBase64(v: number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString('base64')
}

const MODERATION_CATEGORIES = [
  'harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'illicit', 'illicit/violent',
  'self-harm', 'self-harm/intent', 'self-harm/instructions', 'sexual', 'sexual/minors', 'violence', 'violence/graphic',
]

/** Mirrors OpenAI's strict-mode rule: every object lists all its properties as required and forbids extras. */
export function strictSchemaProblem(schema: any, path = '$'): string | null {
  if (!schema || typeof schema !== 'object') return null
  if (schema.type === 'object' && schema.properties) {
    const keys = Object.keys(schema.properties)
    const missing = keys.filter((k) => !(schema.required ?? []).includes(k))
    if (missing.length) return `${path}: strict mode requires all properties to be required (missing ${missing.join(', ')})`
    if (schema.additionalProperties !== false) return `${path}: strict mode requires additionalProperties: false`
  }
  for (const [k, v] of Object.entries(schema)) {
    const problem = typeof v === 'object' ? strictSchemaProblem(v, `${path}.${k}`) : null
    if (problem) return problem
  }
  return null
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const c of req) parts.push(c as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let chat: ChatHandler = opts.chat ?? echo
  let fault: { f: Fault; left: number } | null = null
  const requests: RecordedRequest[] = []
  let seq = 0

  const takeFault = (): Fault | null => {
    if (!fault) return null
    const f = fault.f
    if (--fault.left <= 0) fault = null
    return f
  }

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }

  const chatCompletion = async (res: ServerResponse, body: ChatRequest, cut: 'truncate' | 'stall' | null, ex: Exchange) => {
    const truncate = cut !== null
    const js = body.response_format?.type === 'json_schema' ? body.response_format.json_schema : undefined
    const problem = js && (js as { strict?: boolean }).strict ? strictSchemaProblem(js.schema) : null
    if (problem) return sendJson(res, 400, { error: { message: `Invalid schema for response_format '${js!.name}': ${problem}`, type: 'invalid_request_error' } })
    const id = `chatcmpl-fake-${++seq}`
    const created = Math.floor(Date.now() / 1000)
    const reply = await chat(body)
    const r = typeof reply === 'string' ? { content: reply } : reply
    const forced = body.tool_choice && typeof body.tool_choice === 'object' ? (body.tool_choice as { function?: { name?: string } }).function?.name : undefined
    const toolName = r.json !== undefined && body.tools?.length ? (forced ?? body.tools[0].function.name) : undefined
    const content = toolName ? null : (r.content ?? (r.json !== undefined ? JSON.stringify(r.json) : ''))
    const toolCalls = toolName
      ? [{ id: `call_${seq}`, type: 'function' as const, function: { name: toolName, arguments: JSON.stringify(r.json) } }]
      : undefined
    const finish = r.finishReason ?? (toolName ? 'tool_calls' : 'stop')
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }

    const chars = [...(content ?? '')]
    const size = opts.streamChunkChars ?? 4
    const deltaCount = Math.ceil(chars.length / size)
    if (!body.stream) {
      if (opts.pace) await sleep(opts.pace.firstTokenMs + opts.pace.tokenMs * deltaCount, res)
      const message = { role: 'assistant', content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }
      const payload = JSON.stringify({
        id, object: 'chat.completion', created, model: body.model,
        choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage,
      })
      if (res.destroyed) return
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(truncate ? payload.slice(0, payload.length >> 1) : payload)
      return
    }

    const chunk = (delta: object, finish_reason: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason, logprobs: null }] })}\n\n`
    // Content deltas carry their text, so they can be paced and reported.
    const events: Array<{ data: string; text?: string }> = [{ data: chunk({ role: 'assistant', content: '' }, null) }]
    for (let i = 0; i < chars.length; i += size) {
      const text = chars.slice(i, i + size).join('')
      events.push({ data: chunk({ content: text }, null), text })
    }
    if (toolCalls) {
      const [call] = toolCalls
      events.push({ data: chunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null) })
      events.push({ data: chunk({ tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }, null) })
    }
    events.push({ data: chunk({}, finish) })
    if (body.stream_options?.include_usage) {
      events.push({ data: `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage })}\n\n` })
    }
    events.push({ data: 'data: [DONE]\n\n' })
    if (res.destroyed) return
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    // Content chunks only (never the finish chunk) when truncating.
    const send = truncate ? events.slice(0, Math.max(1, Math.floor((events.length - 2) / 2))) : events
    for (const e of send) {
      if (opts.pace && e.text !== undefined) await sleep(ex.deltas.length ? opts.pace.tokenMs : opts.pace.firstTokenMs, res)
      if (res.destroyed) return
      res.write(e.data)
      if (e.text !== undefined) ex.deltas.push({ at: performance.now(), text: e.text })
    }
    if (cut !== 'stall') res.end()
  }

  const embeddings = async (res: ServerResponse, body: { input: string | string[]; model: string; dimensions?: number; encoding_format?: string }) => {
    if (opts.pace?.embedMs) await sleep(opts.pace.embedMs, res)
    const inputs = Array.isArray(body.input) ? body.input : [body.input]
    const dim = body.dimensions ?? opts.defaultEmbeddingDim ?? 64
    const data = inputs.map((text, index) => {
      const v = (opts.embed ?? hashVector)(String(text), dim)
      return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? toBase64(v) : v }
    })
    sendJson(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } })
  }

  const moderations = (res: ServerResponse, body: { input: string | string[]; model?: string }) => {
    const inputs = Array.isArray(body.input) ? body.input : [body.input]
    const words = (opts.flaggedWords ?? []).map((w) => w.toLowerCase())
    const results = inputs.map((text) => {
      const flagged = words.some((w) => String(text).toLowerCase().includes(w))
      const categories = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, flagged && c === 'harassment']))
      const category_scores = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, flagged && c === 'harassment' ? 0.97 : 0.001]))
      const category_applied_input_types = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, ['text']]))
      return { flagged, categories, category_scores, category_applied_input_types }
    })
    sendJson(res, 200, { id: `modr-fake-${++seq}`, model: body.model ?? 'omni-moderation-latest', results })
  }

  const server = createServer(async (req, res) => {
    const receivedAt = performance.now()
    const raw = await readBody(req)
    let body: any = undefined
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      return sendJson(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } })
    }
    const path = (req.url ?? '/').split('?')[0]
    const closed = new Promise<void>((resolve) => res.once('close', resolve))
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, closed })

    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return sendJson(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } })
    }
    const f = takeFault()
    if (f?.kind === 'delay') {
      // A client that gave up (timeout) closes the socket; stop waiting so close() is quick.
      await sleep(f.ms, res)
      if (res.destroyed) return
    }
    if (f?.kind === 'status') {
      const headers: Record<string, string> = f.retryAfterSeconds !== undefined ? { 'retry-after': String(f.retryAfterSeconds) } : {}
      return sendJson(res, f.status, { error: { message: `fake fault: HTTP ${f.status}`, type: f.status === 429 ? 'rate_limit_error' : 'server_error', code: null } }, headers)
    }
    if (f?.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end('{"id": "chatcmpl-broken", "choices": [ this is not json')
    }
    const ex: Exchange = { path, body, receivedAt, deltas: [], endAt: 0 }
    try {
      if (req.method === 'POST' && path === '/v1/chat/completions') return await chatCompletion(res, body, f?.kind === 'truncate' || f?.kind === 'stall' ? f.kind : null, ex)
      if (req.method === 'POST' && path === '/v1/embeddings') return await embeddings(res, body)
      if (req.method === 'POST' && path === '/v1/moderations') return moderations(res, body)
      sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } })
    } catch (e) {
      sendJson(res, 500, { error: { message: `fake handler failed: ${(e as Error).message}`, type: 'server_error' } })
    } finally {
      ex.endAt = performance.now()
      opts.onExchange?.(ex)
    }
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setFault(f) {
      fault = f ? { f, left: f.times ?? Infinity } : null
    },
    setChatHandler(h) {
      chat = h
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

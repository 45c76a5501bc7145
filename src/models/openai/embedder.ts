import { stampRetryable } from '@langchain/core/errors'
import { AsyncCaller } from '@langchain/core/utils/async_caller'
import OpenAI from 'openai'
import type { Embedder } from '../types.js'
import type { OpenAIProviderConfig } from './config.js'
import { ProviderError, toProviderError } from './errors.js'

/** Embedding requests in flight at once, per process (turns and ingests together). */
const EMBEDDING_CONCURRENCY = 32
/** Inputs per request: keeps each request small. */
const BATCH_SIZE = 256

/**
 * What LangChain's OpenAIEmbeddings does, less what it cannot: it takes no AbortSignal, so a turn
 * that gave up on an embedding could not cancel the request. Kept from it: the SDK client with its
 * own retries off, LangChain's AsyncCaller retries, and newlines read as spaces (the stored vectors
 * were made so).
 */
export function createOpenAIEmbedder(cfg: OpenAIProviderConfig): Embedder {
  const client = new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseURL, timeout: cfg.timeoutMs, maxRetries: 0 })
  // One queue for every call of this embedder, so process-wide. With LangChain's default of 2, ten
  // customers at once waited in line for two slots, and an ingest took them from live turns.
  const caller = new AsyncCaller({ maxConcurrency: EMBEDDING_CONCURRENCY, maxRetries: cfg.maxRetries })
  const dim = cfg.embeddingDim
  const request = (input: string[], signal: AbortSignal | undefined) =>
    caller.callWithOptions({ signal }, async () => {
      try {
        return await client.embeddings.create({ model: cfg.embeddingModel, input, dimensions: dim }, { signal })
      } catch (e) {
        // Once aborted, a retry would only be another cancelled request.
        throw signal?.aborted ? stampRetryable(e, false) : e
      }
    })
  return {
    dim,
    id: `openai:${cfg.embeddingModel}:${dim}`,
    async embed(texts, opts) {
      if (texts.length === 0) return []
      let vectors: number[][]
      try {
        const inputs = texts.map((t) => t.replace(/\n/g, ' '))
        const batches = Array.from({ length: Math.ceil(inputs.length / BATCH_SIZE) }, (_, i) => inputs.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE))
        const responses = await Promise.all(batches.map((batch) => request(batch, opts?.signal)))
        vectors = responses.flatMap((r) => r.data.map((d) => d.embedding))
      } catch (e) {
        throw toProviderError(e, `embeddings ${cfg.embeddingModel}`)
      }
      // The vector column has a fixed width: a wrong size must fail here, not at insert time.
      if (vectors.length !== texts.length) {
        throw new ProviderError('malformed', `embeddings ${cfg.embeddingModel}: got ${vectors.length} vectors for ${texts.length} texts`)
      }
      return vectors.map((v, i) => {
        if (!v || v.length !== dim) {
          throw new ProviderError(
            'malformed',
            `embeddings ${cfg.embeddingModel}: vector ${i} has ${v?.length ?? 0} dimensions, expected ${dim} (does the model support \`dimensions\`?)`,
          )
        }
        // A null or an all-zero vector would be stored and ranked (a null one came first in searches).
        if (!v.every((x) => typeof x === 'number' && Number.isFinite(x)) || v.every((x) => x === 0)) {
          throw new ProviderError('malformed', `embeddings ${cfg.embeddingModel}: vector ${i} is not a vector of finite, non-zero numbers`)
        }
        return Array.from(v)
      })
    },
  }
}

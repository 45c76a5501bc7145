import { OpenAIEmbeddings } from '@langchain/openai'
import type { Embedder } from '../types.js'
import type { OpenAIProviderConfig } from './config.js'
import { ProviderError, toProviderError } from './errors.js'

/** Embedding requests in flight at once, per process (turns and ingests together). */
const EMBEDDING_CONCURRENCY = 32

export function createOpenAIEmbedder(cfg: OpenAIProviderConfig): Embedder {
  const model = new OpenAIEmbeddings({
    model: cfg.embeddingModel,
    apiKey: cfg.apiKey,
    configuration: cfg.baseURL ? { baseURL: cfg.baseURL } : {},
    dimensions: cfg.embeddingDim,
    timeout: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    // 256 inputs keeps each request small. LangChain queues every call of this instance behind
    // maxConcurrency requests (2 by default): process-wide, so ten customers at once waited in line
    // for two slots, and an ingest took them from live turns.
    batchSize: 256,
    maxConcurrency: EMBEDDING_CONCURRENCY,
  })
  const dim = cfg.embeddingDim
  return {
    dim,
    id: `openai:${cfg.embeddingModel}:${dim}`,
    async embed(texts) {
      if (texts.length === 0) return []
      let vectors: number[][]
      try {
        vectors = await model.embedDocuments(texts)
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

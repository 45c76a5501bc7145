import { OpenAIEmbeddings } from '@langchain/openai'
import type { Embedder } from '../types.js'
import type { OpenAIProviderConfig } from './config.js'
import { ProviderError, toProviderError } from './errors.js'

export function createOpenAIEmbedder(cfg: OpenAIProviderConfig): Embedder {
  const model = new OpenAIEmbeddings({
    model: cfg.embeddingModel,
    apiKey: cfg.apiKey,
    configuration: cfg.baseURL ? { baseURL: cfg.baseURL } : {},
    dimensions: cfg.embeddingDim,
    timeout: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    // Batches go out in parallel (maxConcurrency 2); 256 inputs keeps each request small.
    batchSize: 256,
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
        return Array.from(v)
      })
    },
  }
}

/** The network-free model provider: hashed-feature embedder, logistic-regression intents and sentiment, extractive answers. */
import type { Providers } from '../types.js'
import { createExtractiveAnswerer } from './answerer.js'
import { createLocalEmbedder } from './embedder.js'
import { trainLocalIntents } from './intent.js'
import { createLocalSentiment } from './sentiment.js'

export function createLocalProviders(opts: { embeddingDim?: number } = {}): Providers {
  return {
    name: 'local',
    embedder: createLocalEmbedder({ dim: opts.embeddingDim ?? 512 }),
    trainIntents: trainLocalIntents,
    sentiment: createLocalSentiment(),
    answerer: createExtractiveAnswerer(),
  }
}

export { createExtractiveAnswerer, createLocalEmbedder, createLocalSentiment, trainLocalIntents }

import { describe, expect, it } from 'vitest'
import { createLocalProviders } from '../../../src/models/local/index.js'

describe('createLocalProviders', () => {
  it('wires every local model and honours the embedding dimension', async () => {
    const p = createLocalProviders({ embeddingDim: 128 })
    expect(p.name).toBe('local')
    expect(p.embedder.dim).toBe(128)
    const [v] = await p.embedder.embed(['hello world'])
    expect(v).toHaveLength(128)
    const clf = await p.trainIntents([
      { text: 'where is my order', intent: 'track' },
      { text: 'refund please', intent: 'refund' },
    ])
    expect((await clf.classify('where is my order now')).name).toBe('track')
    expect((await p.sentiment.analyze('I will sue you')).label).toBe('negative')
    expect(typeof p.answerer.answer).toBe('function')
  })
})

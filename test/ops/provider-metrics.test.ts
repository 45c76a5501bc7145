import { describe, expect, it } from 'vitest'
import type { CallOptions, Providers } from '../../src/models/types.js'
import { createParleyMetrics } from '../../src/ops/metrics/parley.js'
import { instrumentIntents, instrumentProviders } from '../../src/ops/metrics/providers.js'

describe('provider metrics', () => {
  it('pass the abort signal of each call on to the provider, so a turn that gives up can cancel it', async () => {
    const seen: Array<AbortSignal | undefined> = []
    const record = async (opts?: CallOptions) => {
      seen.push(opts?.signal)
      return undefined as never
    }
    const providers: Providers = {
      name: 'openai',
      embedder: { dim: 1, id: 'test', embed: (_, opts) => record(opts) },
      trainIntents: () => record(),
      sentiment: { analyze: (_, __, opts) => record(opts) },
      answerer: { answer: (_, opts) => record(opts), stream: (_, __, opts) => record(opts) },
    }
    const metrics = createParleyMetrics({} as never) // the database is only read when metrics are scraped
    const p = instrumentProviders(providers, metrics)
    const intents = instrumentIntents({ classifier: { intents: [], classify: (_, __, opts) => record(opts) }, routes: {} }, 'openai', metrics)
    const { signal } = new AbortController()
    const req = { question: 'q', lang: 'en' as const, passages: [] }
    await p.embedder.embed(['q'], { signal })
    await p.sentiment.analyze('q', 'en', { signal })
    await p.answerer.answer(req, { signal })
    await p.answerer.stream!(req, () => {}, { signal })
    await intents.classifier.classify('q', 'en', { signal })
    expect(seen).toEqual(new Array(5).fill(signal))
  })
})

import { describe, expect, it } from 'vitest'
import { rememberingClassifier } from '../../src/models/remembering-classifier.js'
import type { CallOptions, IntentClassifier, IntentPrediction } from '../../src/models/types.js'

function counting(fail = new Set<string>()) {
  const calls: string[] = []
  const classifier: IntentClassifier = {
    intents: ['a', 'b'],
    async classify(text) {
      calls.push(text)
      if (fail.has(text)) throw new Error('provider down')
      return { name: text.length % 2 ? 'a' : 'b', confidence: 0.9, route: 'answer', ranking: [] } as never
    },
  }
  return { classifier, calls }
}

describe('rememberingClassifier', () => {
  it('asks the model once per passage and answers as the model did', async () => {
    const { classifier, calls } = counting()
    const remembering = rememberingClassifier(classifier)
    const first = await remembering.classify('Returning an item. You can return…', 'en')
    expect(await remembering.classify('Returning an item. You can return…', 'en')).toBe(first)
    expect(calls.length).toBe(1)
    expect(first).toEqual(await classifier.classify('Returning an item. You can return…'))
    expect(remembering.intents).toEqual(['a', 'b'])
  })

  it('forgets the oldest passage beyond its bound, and never remembers a failure', async () => {
    const { classifier, calls } = counting(new Set(['flaky']))
    const remembering = rememberingClassifier(classifier, 2)
    for (const t of ['p1', 'p2', 'p3', 'p1']) await remembering.classify(t)
    expect(calls).toEqual(['p1', 'p2', 'p3', 'p1'])
    await expect(remembering.classify('flaky')).rejects.toThrow('provider down')
    await expect(remembering.classify('flaky')).rejects.toThrow('provider down')
    expect(calls.filter((c) => c === 'flaky').length).toBe(2)
  })

  it('keeps the shared call going when one of the turns waiting on it gives up', async () => {
    const given: Array<CallOptions | undefined> = []
    let answer!: (p: IntentPrediction) => void
    const classifier: IntentClassifier = {
      intents: ['a'],
      classify(_, __, opts) {
        given.push(opts)
        return new Promise((resolve) => (answer = resolve))
      },
    }
    const remembering = rememberingClassifier(classifier)
    const first = new AbortController()
    const second = new AbortController()
    const asked = [remembering.classify('Refunds take 5 days.', 'en', { signal: first.signal }), remembering.classify('Refunds take 5 days.', 'en', { signal: second.signal })]
    first.abort()
    const prediction = { name: 'a', confidence: 0.9, ranking: [] }
    answer(prediction)
    expect(await asked[1]).toBe(prediction)
    // The one model call never saw a turn's signal, so no turn could cancel it for the others.
    expect(given).toEqual([undefined])
  })
})

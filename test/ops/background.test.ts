import { describe, expect, it } from 'vitest'
import { requestBackground } from '../../src/ops/background.js'

describe('a Worker request’s background work', () => {
  it('is kept alive with waitUntil and settles only after work added meanwhile, failures included', async () => {
    const kept: Array<Promise<unknown>> = []
    const background = requestBackground({ waitUntil: (p) => void kept.push(p) })
    const done: string[] = []
    let finishFirst!: () => void
    background.run(new Promise<void>((resolve) => (finishFirst = resolve)).then(() => {
      done.push('first')
      // Started by the first, as a streamed turn may start one after the response began.
      background.run(Promise.resolve().then(() => void done.push('second')))
    }))
    background.run(Promise.reject(new Error('logged, not thrown')))
    const settled = background.settled().then(() => done.push('settled'))
    finishFirst()
    await settled
    expect(done).toEqual(['first', 'second', 'settled'])
    expect(kept).toHaveLength(3)
  })
})

import { describe, expect, it } from 'vitest'
import { CitationRewriter, coverageOf, parseAnswer, splitSentences } from '../../../src/models/openai/citations.js'
import type { Passage } from '../../../src/models/types.js'

const passages: Passage[] = [1, 2, 3].map((n) => ({
  chunkId: `c${n}`, docId: `d${n}`, title: `T${n}`, url: null, text: `passage ${n} text`, score: 1 / n,
}))

describe('citation parsing', () => {
  it('renumbers markers by first use so [k] in the text is citations[k-1]', () => {
    const a = parseAnswer('Refunds take 5 days [3]. Shipping is free [1][3].', passages)
    expect(a.text).toBe('Refunds take 5 days [1]. Shipping is free [2][1].')
    expect(a.citations.map((c) => c.chunkId)).toEqual(['c3', 'c1'])
    expect(a.citations[0]).toEqual({ chunkId: 'c3', docId: 'd3', snippet: 'passage 3 text' })
    expect(a.coverage).toBe(1)
  })

  it('numbers by document: two passages of one document are one source, as in the reply\'s citations', () => {
    const sameDoc: Passage[] = [
      { chunkId: 'a1', docId: 'returns', title: 'Returns', url: null, text: 'first part', score: 1 },
      { chunkId: 'a2', docId: 'returns', title: 'Returns', url: null, text: 'second part', score: 0.9 },
      { chunkId: 'b1', docId: 'shipping', title: 'Shipping', url: null, text: 'shipping', score: 0.8 },
    ]
    const a = parseAnswer('Returns take 30 days [1]. Opened items too [2]. Shipping is free [3]. Both apply [1, 2].', sameDoc)
    expect(a.text).toBe('Returns take 30 days [1]. Opened items too [1]. Shipping is free [2]. Both apply [1].')
    expect(a.citations.map((c) => c.chunkId)).toEqual(['a1', 'a2', 'b1'])
    expect(a.coverage).toBe(1)
  })

  it('drops markers for passages that do not exist and leaves other brackets alone', () => {
    const a = parseAnswer('See [the guide](http://x) [7]. Also [2, 9].', passages)
    expect(a.text).toBe('See [the guide](http://x) . Also [1].')
    expect(a.citations.map((c) => c.chunkId)).toEqual(['c2'])
    expect(a.coverage).toBe(0.5)
  })

  it('handles full-width and comma-separated markers used in Chinese answers', () => {
    const a = parseAnswer('七天内可以退款【2】。运费免费［1，3］。', passages)
    expect(a.text).toBe('七天内可以退款[1]。运费免费[2][3]。')
    expect(a.citations.map((c) => c.chunkId)).toEqual(['c2', 'c1', 'c3'])
  })

  it('rewrites markers split across stream deltas exactly as in one piece', () => {
    const raw = 'Yes [1]. It costs 3.5 dollars [2]. [the end]'
    const rw = new CitationRewriter(passages)
    const out = [...raw].map((ch) => rw.push(ch)).join('') + rw.end()
    expect(out).toBe(parseAnswer(raw, passages).text)
  })

  it('says "I don\'t know" answers have no coverage', () => {
    const a = parseAnswer("I don't know, but I can connect you with an agent.", passages)
    expect(a).toEqual({ text: "I don't know, but I can connect you with an agent.", citations: [], coverage: 0 })
  })

  it('splits sentences without breaking decimals and keeps trailing markers with their sentence', () => {
    expect(splitSentences('It costs 3.5 dollars. [1] Next one! Done')).toEqual(['It costs 3.5 dollars. [1]', 'Next one!', 'Done'])
    expect(splitSentences('第一句。第二句[1]。')).toEqual(['第一句。', '第二句[1]。'])
    expect(coverageOf('A [1]. B. C [2]. D [5].', 2)).toBe(0.5)
  })
})

import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'
import { sentenceEnd } from '../../src/text/sentences.js'
import { createStreamGate } from '../../src/compliance/stream-gate.js'
import type { CheckResult } from '../../src/compliance/types.js'

const pass = (s: string): CheckResult => ({ action: 'allow', decisions: [], text: s, masked: s })

describe('sentence ends', () => {
  it('waits for whitespace after an English stop, splits Chinese at once', () => {
    expect(sentenceEnd('Price is 3.5 dollars')).toBe(-1)
    expect(sentenceEnd('Done.')).toBe(-1)
    expect(sentenceEnd('Done. Next')).toBe(6)
    expect(sentenceEnd('好的。然后')).toBe(3)
    expect(sentenceEnd('真的吗？！”对')).toBe(6)
  })
})

describe('stream gate', () => {
  it('emits only text that a check has returned, sentence by sentence', async () => {
    const checked: string[] = []
    const emitted: string[] = []
    let release: () => void = () => {}
    const gate = createStreamGate(
      async (s) => {
        checked.push(s)
        await new Promise<void>((r) => (release = r))
        return pass(s.toUpperCase())
      },
      (t) => emitted.push(t),
    )
    const p1 = gate.push('Hello there. How ')
    await new Promise((r) => setImmediate(r))
    expect(checked).toEqual(['Hello there. '])
    expect(emitted).toEqual([]) // the check has not answered yet
    release()
    await p1
    expect(emitted).toEqual(['HELLO THERE. '])
    const p2 = gate.push('are you')
    await p2
    expect(emitted).toEqual(['HELLO THERE. ']) // incomplete sentence held back
    const done = gate.end()
    await new Promise((r) => setImmediate(r))
    release()
    const r = await done
    expect(emitted).toEqual(['HELLO THERE. ', 'HOW ARE YOU'])
    expect(r.text).toBe('HELLO THERE. HOW ARE YOU')
  })

  it('keeps back the unfinished sentence of a reply that did not complete', async () => {
    const emitted: string[] = []
    const gate = createStreamGate(async (s) => pass(s), (t) => emitted.push(t))
    await gate.push('You can return most items. Opened items can')
    const r = await gate.end(false)
    // "Opened items can" alone would say the opposite of "Opened items cannot be returned".
    expect(emitted).toEqual(['You can return most items. '])
    expect(r.text).toBe('You can return most items. ')
  })

  it('stops emitting after a block, even for later pushes', async () => {
    const emitted: string[] = []
    const checked: string[] = []
    const gate = createStreamGate(
      async (s) => {
        checked.push(s)
        return s.includes('secret') ? { action: 'block', decisions: [], text: '', masked: '' } : pass(s)
      },
      (t) => emitted.push(t),
    )
    await gate.push('第一句。这里有secret。第三句。')
    await gate.push('More text. ')
    const r = await gate.end()
    expect(emitted).toEqual(['第一句。'])
    expect(checked).toEqual(['第一句。', '这里有secret。'])
    expect(r.action).toBe('block')
  })

  it('releases a long run without sentence end or space in pieces that never split an emoji', async () => {
    const emitted: string[] = []
    const gate = createStreamGate(async (s) => pass(s), (t) => emitted.push(t), { maxChars: 5 })
    await gate.push(`a${'😀'.repeat(6)}`)
    const r = await gate.end()
    expect(emitted.length).toBeGreaterThan(1)
    for (const piece of emitted) expect(piece).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    expect(r.text).toBe(`a${'😀'.repeat(6)}`)
  })

  it('works with the engine: advertising rewritten, leaked prompt blocked mid-stream', async () => {
    const e = createComplianceEngine({})
    const emitted: string[] = []
    const gate = createStreamGate((s) => e.checkOutput(s, { lang: 'zh', customerTexts: [], systemSecrets: ['INTERNAL-ONLY'], skipLabel: true }), (t) => emitted.push(t))
    for (const ch of [...'这是最好的选择。', ...'标记 INTERNAL-ONLY 不能说。', ...'再见。']) void gate.push(ch)
    const r = await gate.end()
    expect(emitted).toEqual(['这是优质的选择。'])
    expect(r.action).toBe('block')
  })

  describe('with the grounding rule: each sentence against all the passages', () => {
    const passages = ['Refunds take 5-10 business days.', 'Late returns cost a $12 fee. Call 400-820-1234.']
    const e = createComplianceEngine({})
    const stream = async (reply: string) => {
      const emitted: string[] = []
      const gate = createStreamGate((s) => e.checkOutput(s, { lang: 'en', customerTexts: [], publishedTexts: passages, skipLabel: true }), (t) => emitted.push(t))
      // Deltas of a few characters, as a model sends them: figures arrive split across deltas.
      for (let i = 0; i < reply.length; i += 3) void gate.push(reply.slice(i, i + 3))
      return { emitted, result: await gate.end() }
    }

    it('releases a reply whose sentences take their figures from different passages', async () => {
      const reply = 'Refunds take 5 to 10 business days [1]. A late return costs $12 [2]. Call 400 820 1234 [2].'
      const { emitted, result } = await stream(reply)
      expect(result.action).toBe('allow')
      expect(emitted.join('')).toBe(reply)
    })

    it('releases at most the first sentence when the second states a figure no passage does', async () => {
      const { emitted, result } = await stream('Refunds take 5-10 business days [1]. A late return costs $15 [2]. Call 400-820-1234 [2].')
      expect(emitted).toEqual(['Refunds take 5-10 business days [1]. '])
      expect(result.action).toBe('block')
      expect(result.decisions.map((d) => [d.ruleId, d.spans.map((s) => s.text)])).toEqual([['grounding.unsupported_figure', ['15']]])
    })
  })
})

import { describe, expect, it } from 'vitest'
import { assertPrompts, fillTemplate, loadPrompts, renderPrompt, systemSections } from '../../../src/models/openai/prompts.js'

describe('prompt files', () => {
  it('loads every versioned template from prompts/ and has en and zh for the customer-facing ones', async () => {
    const set = await loadPrompts()
    for (const name of ['answer', 'intent', 'sentiment', 'handoff-summary']) {
      expect(set[`${name}.v1.en`], name).toBeTypeOf('string')
      expect(set[`${name}.v1.zh`], name).toBeTypeOf('string')
    }
    expect(set['judge.v1.en']).toContain('{{reference}}')
    expect(set['judge.v2.en']).toContain('{{reference_kind}}')
    expect(() => assertPrompts(set, ['answer', 'intent', 'sentiment', 'handoff-summary', 'judge'])).not.toThrow()
    expect(() => assertPrompts({}, ['answer'])).toThrow(/answer\.v1\.en/)
  })

  it('lists the system part of every template, for the output check to guard', async () => {
    const set = await loadPrompts()
    const systems = systemSections(set)
    expect(systems).toHaveLength(Object.keys(set).length)
    const answer = renderPrompt(set, 'answer', 'en', { passages: '', history: '', question: '' }).system
    expect(systems).toContain(answer)
    // The user part carries the customer's own words and the passages: never a secret.
    expect(systems.some((s) => s.includes('Customer question:') || s.includes('<!--'))).toBe(false)
  })

  it('splits system and user parts, drops comments and fills placeholders', async () => {
    const set = await loadPrompts()
    const p = renderPrompt(set, 'answer', 'zh', { passages: '[1] 退款\n七天内退款', history: '(none)', question: '怎么退款？' })
    expect(p.id).toBe('answer.v1.zh')
    expect(p.system).toContain('只能根据')
    expect(p.system).not.toContain('<!--')
    expect(p.system).not.toContain('{{')
    expect(p.user).toContain('[1] 退款\n七天内退款')
    expect(p.user).toContain('怎么退款？')
  })

  it('falls back to English when a language has no template (the judge)', async () => {
    const set = await loadPrompts()
    const p = renderPrompt(set, 'judge', 'zh', { question: 'q', reference_kind: 'k', reference: 'r', answer: 'a' })
    expect(p.id).toBe('judge.v2.en')
    expect(p.user).toContain('Reference (k):\nr')
  })

  it('rejects missing values and never expands placeholders inside values', () => {
    expect(() => fillTemplate('Hi {{name}}', {})).toThrow(/\{\{name\}\}/)
    expect(fillTemplate('Q: {{q}} / {{a}}', { q: 'say {{a}}', a: 'x' })).toBe('Q: say {{a}} / x')
  })

  it('treats a file without markers as a system prompt only', () => {
    const p = renderPrompt({ 'judge.v9.en': 'Grade {{answer}}.' }, 'judge', 'en', { answer: 'A' }, 'v9')
    expect(p).toEqual({ id: 'judge.v9.en', system: 'Grade A.', user: '' })
  })
})

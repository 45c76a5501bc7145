import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createComplianceEngine } from '../../src/compliance/engine.js'
import { casesPath, FAMILIES, type Family, figures, loadCases, measureFamily, parseCase } from '../../src/compliance/eval/rule-cases.js'

/**
 * Floors a little below today's figures (2026-11-25, after the unsafe and advertising rules were
 * reworked without reading these cases), so a rule change that loses detections or adds false
 * positives fails here. Family figures sit a few points below today's; category recall one case
 * below (guarantee: today's 9 of 12 less one). Raise them when the rules improve.
 */
const FLOORS: Record<Family, { precision: number; recall: number; maxFpRate: number; categoryRecall: Record<string, number> }> = {
  unsafe: { precision: 0.95, recall: 0.68, maxFpRate: 0.03, categoryRecall: { self_harm: 0.68, violence: 0.66, hate: 0.4, sexual_minors: 0.9 } },
  advertising: { precision: 0.86, recall: 0.81, maxFpRate: 0.15, categoryRecall: { superlative: 0.93, ranking: 0.66, authority: 0.75, guarantee: 0.66, efficacy: 0.72 } },
  leakage: { precision: 0.88, recall: 0.7, maxFpRate: 0.13, categoryRecall: { system_prompt: 0.8, internal_notes: 0.5, credentials: 0.8, other_customer_data: 0.55 } },
  // 2026-12-07, first measurement of the new rule: 24/24 caught, 0/27 flagged; one case each below.
  grounding: { precision: 0.95, recall: 0.95, maxFpRate: 0.04, categoryRecall: { duration: 0.85, amount: 0.87, percentage: 0.66, phone: 0.5, count: 0.5, time: 0.5 } },
}

const engine = createComplianceEngine({})

describe.each(FAMILIES)('%s cases', (family) => {
  it('every line parses and has text, lang, expected and category', () => {
    const lines = readFileSync(casesPath(family), 'utf8').split('\n').filter((l) => l.trim())
    for (const [i, line] of lines.entries()) expect(() => parseCase(line), `line ${i + 1}`).not.toThrow()
  })

  it('has positives and negatives in both languages, no duplicates, and negatives only in categories with positives', () => {
    const cases = loadCases(family)
    for (const lang of ['en', 'zh']) for (const expected of [true, false]) expect(cases.some((c) => c.lang === lang && c.expected === expected), `${lang} ${expected}`).toBe(true)
    expect(new Set(cases.map((c) => c.text)).size).toBe(cases.length)
    const positiveCategories = new Set(cases.filter((c) => c.expected).map((c) => c.category))
    for (const c of cases.filter((x) => !x.expected)) expect(positiveCategories, c.text).toContain(c.category)
  })

  it('keeps precision, recall and false-positive rate at or above the recorded floors', async () => {
    const outcomes = await measureFamily(engine, family)
    const floor = FLOORS[family]
    const all = figures(outcomes)
    expect(all.precision).toBeGreaterThanOrEqual(floor.precision)
    expect(all.recall).toBeGreaterThanOrEqual(floor.recall)
    expect(all.fpRate).toBeLessThanOrEqual(floor.maxFpRate)
    for (const [category, min] of Object.entries(floor.categoryRecall)) {
      expect(figures(outcomes.filter((o) => o.case.category === category)).recall, category).toBeGreaterThanOrEqual(min)
    }
  })
})

/**
 * Hand-written labelled cases for the unsafe, advertising, leakage and grounding rule families
 * (eval/<family>-cases.jsonl) and their scoring through the engine path a turn uses.
 * The cases were written to test generalization: they are not taken from the rule data.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Lang } from '../../models/types.js'
import type { ComplianceEngine } from '../engine.js'
import type { Decision } from '../types.js'

export const FAMILIES = ['unsafe', 'advertising', 'leakage', 'grounding'] as const
export type Family = (typeof FAMILIES)[number]

export interface RuleCase {
  text: string
  lang: Lang
  expected: boolean
  /** For a negative, the category it imitates, so each category has its own false-positive rate. */
  category: string
  note?: string
  /** What the customer wrote earlier in the conversation (replies may echo the customer's own PII). */
  customerTexts?: string[]
  /** Knowledge-base passages the reply is written from (grounding: its figures must be found there). */
  passages?: string[]
}

/** Held-out cases are the honest figures; dev cases (eval/dev/<family>-dev*.jsonl) are the ones to tune on. */
export type CaseSet = 'held-out' | 'dev'

export function casesPath(family: Family): string {
  return fileURLToPath(new URL(`./${family}-cases.jsonl`, import.meta.url))
}

/** The dev files of a family, in name order (a later round's file follows the first). */
export function devCasesPaths(family: Family): string[] {
  const dir = fileURLToPath(new URL('./dev/', import.meta.url))
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${family}-dev`) && name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(dir, name))
}

/** Parses one case line; throws with the reason so a bad line names itself. */
export function parseCase(line: string): RuleCase {
  const c = JSON.parse(line) as Partial<RuleCase>
  if (typeof c.text !== 'string' || !c.text.trim()) throw new Error('text missing')
  if (c.lang !== 'en' && c.lang !== 'zh') throw new Error(`lang must be en or zh, got ${String(c.lang)}`)
  if (typeof c.expected !== 'boolean') throw new Error('expected must be true or false')
  if (typeof c.category !== 'string' || !c.category) throw new Error('category missing')
  for (const key of ['customerTexts', 'passages'] as const) {
    const v = c[key]
    if (v !== undefined && !(Array.isArray(v) && v.every((t) => typeof t === 'string'))) throw new Error(`${key} must be strings`)
  }
  return c as RuleCase
}

export function loadCases(family: Family, set: CaseSet = 'held-out'): RuleCase[] {
  const paths = set === 'dev' ? devCasesPaths(family) : [casesPath(family)]
  return paths.flatMap((path) => {
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim())
    return lines.map((line, i) => {
      try {
        return parseCase(line)
      } catch (error) {
        throw new Error(`${basename(path)} line ${i + 1}: ${(error as Error).message}`)
      }
    })
  })
}

/** The family's decisions for a case: customer messages go through checkInput, replies through checkOutput. */
export async function familyDecisions(engine: ComplianceEngine, family: Family, c: RuleCase): Promise<Decision[]> {
  if (family === 'unsafe') return (await engine.checkInput(c.text, { lang: c.lang })).decisions.filter((d) => d.category === 'unsafe')
  const out = await engine.checkOutput(c.text, { lang: c.lang, customerTexts: c.customerTexts ?? [], ...(c.passages ? { publishedTexts: c.passages } : {}) })
  // Another customer's data in a reply is caught by the PII-echo rule, so it counts for leakage.
  const counts = family === 'leakage' ? ['leakage', 'pii_echo'] : [family]
  return out.decisions.filter((d) => counts.includes(d.category))
}

/**
 * Whether the case was flagged. An unsafe positive counts only when its own category fired,
 * because the action differs per category (self-harm is an urgent handoff, the rest block or hand off).
 */
export function isFlagged(family: Family, c: RuleCase, decisions: readonly Decision[]): boolean {
  if (family === 'unsafe' && c.expected) return decisions.some((d) => d.ruleId === `unsafe.${c.category}`)
  return decisions.length > 0
}

export interface Outcome {
  case: RuleCase
  flagged: boolean
  decisions: Decision[]
}

export async function measureFamily(engine: ComplianceEngine, family: Family, set: CaseSet = 'held-out'): Promise<Outcome[]> {
  const out: Outcome[] = []
  for (const c of loadCases(family, set)) {
    const decisions = await familyDecisions(engine, family, c)
    out.push({ case: c, flagged: isFlagged(family, c, decisions), decisions })
  }
  return out
}

export interface Figures {
  positives: number
  negatives: number
  tp: number
  fp: number
  precision: number
  recall: number
  f1: number
  fpRate: number
}

export function figures(outcomes: readonly Outcome[]): Figures {
  const pos = outcomes.filter((o) => o.case.expected)
  const neg = outcomes.filter((o) => !o.case.expected)
  const tp = pos.filter((o) => o.flagged).length
  const fp = neg.filter((o) => o.flagged).length
  const precision = tp + fp ? tp / (tp + fp) : 0
  const recall = pos.length ? tp / pos.length : 0
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  return { positives: pos.length, negatives: neg.length, tp, fp, precision, recall, f1, fpRate: neg.length ? fp / neg.length : 0 }
}

/** Figures for the whole family, per language, per category and per category and language. */
export function groupedFigures(outcomes: readonly Outcome[]): Array<[string, Figures]> {
  const groups = new Map<string, Outcome[]>([['all', [...outcomes]]])
  const add = (key: string, o: Outcome) => groups.set(key, [...(groups.get(key) ?? []), o])
  for (const o of outcomes) add(o.case.lang, o)
  const cats = [...new Set(outcomes.map((o) => o.case.category))]
  for (const cat of cats) for (const o of outcomes.filter((x) => x.case.category === cat)) add(cat, o)
  for (const cat of cats) for (const o of outcomes.filter((x) => x.case.category === cat)) add(`${cat} ${o.case.lang}`, o)
  return [...groups].map(([key, os]) => [key, figures(os)])
}

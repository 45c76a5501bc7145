/** Builds the report object and writes report.json, report.md and report.html into a folder. */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { computeMetrics } from '../metrics/aggregate.js'
import type { FormatName, ScoredCase } from '../types.js'
import type { BaselineDiff } from './baseline.js'
import { gate, TARGET, type HeadlineMetric } from './gate.js'
import { renderHtml } from './html.js'
import { renderMarkdown } from './markdown.js'
import { makeDir } from './out-dir.js'
import { REPORT_SCHEMA, type JudgeSummary, type Report } from './types.js'

export interface ReportInput {
  dataset: string
  format: FormatName
  /** The metric the gate prefers (default answer_accuracy). */
  headline?: HeadlineMetric
  provider: string
  runs: number
  notes: string[]
  cases: ScoredCase[]
  judge?: JudgeSummary
  target?: number
  createdAt?: Date
}

export function buildReport(input: ReportInput): Report {
  const metrics = computeMetrics(input.cases, input.runs)
  const g = gate(metrics, input.target ?? TARGET, input.headline)
  return {
    schema: REPORT_SCHEMA,
    created_at: (input.createdAt ?? new Date()).toISOString(),
    dataset: input.dataset,
    format: input.format,
    provider: input.provider,
    runs: input.runs,
    notes: input.notes,
    metrics,
    target: g.target,
    gate: g,
    passed: g.passed,
    ...(input.judge ? { judge: input.judge } : {}),
    cases: input.cases.map((c) => ({
      id: c.id,
      run: c.run,
      lang: c.lang,
      input: c.input,
      expected: c.expected,
      got: c.got,
      correct: c.correct,
      checks: c.checks,
      latency_ms: Math.round(c.latencyMs * 100) / 100,
      ...(c.error ? { error: c.error } : {}),
      ...(c.judge ? { judge: c.judge } : {}),
    })),
  }
}

export const withBaseline = (report: Report, baseline: BaselineDiff): Report => ({ ...report, baseline })

export async function writeReport(dir: string, report: Report): Promise<string[]> {
  await makeDir(dir)
  const files = {
    'report.json': JSON.stringify(report, null, 2) + '\n',
    'report.md': renderMarkdown(report),
    'report.html': renderHtml(report),
    ...(report.baseline ? { 'baseline-diff.json': JSON.stringify(report.baseline, null, 2) + '\n' } : {}),
  }
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return Object.keys(files).map((name) => join(dir, name))
}

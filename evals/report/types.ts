/** The report written to report.json; `schema` changes when a field changes meaning. */
import type { Metrics } from '../metrics/aggregate.js'
import type { Checks, Expected, FormatName, Got } from '../types.js'
import type { BaselineDiff } from './baseline.js'
import type { Gate } from './gate.js'

export const REPORT_SCHEMA = 'parley.eval.report/v1'

export interface ReportCase {
  id: string
  run: number
  lang: string
  input: string
  expected: Expected
  got: Got
  correct: boolean
  checks: Checks
  latency_ms: number
  error?: string
  judge?: { correct: boolean; reason: string }
}

export interface JudgeSummary {
  model: string
  /** Answers judged (free-form answers with a reference). */
  n: number
  judge_accuracy: number | null
  /** Share of judged answers where the judge and the deterministic content check agree. */
  agreement: number | null
  errors: number
  /** The first failure's message, on one line: a refused key fails every call, and the report should say why. */
  first_error?: string
}

export interface Report {
  schema: typeof REPORT_SCHEMA
  created_at: string
  dataset: string
  format: FormatName
  provider: string
  runs: number
  notes: string[]
  metrics: Metrics
  target: number
  gate: Gate
  passed: boolean
  judge?: JudgeSummary
  baseline?: BaselineDiff
  cases: ReportCase[]
}

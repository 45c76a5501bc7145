/** Difference against an earlier report.json: per metric, and the cases that got worse. */
import { basename } from 'node:path'
import { z } from 'zod'
import { describeIssues } from '../../src/issues.js'
import { InputError, readInput } from '../input-error.js'
import { METRIC_NAMES, type Metrics } from '../metrics/aggregate.js'
import { VERDICT_CHECKS, type VerdictCheck } from '../metrics/score.js'
import type { Report, ReportCase } from './types.js'

/** What a diff reads of an earlier report.json; checked before the run, so a wrong path costs no run. */
const BaselineFile = z.object({
  metrics: z.object({ latency_ms: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }) }).passthrough(),
  cases: z.array(z.object({ id: z.string(), run: z.number().optional(), checks: z.record(z.string(), z.union([z.boolean(), z.number()])) }).passthrough()),
})

export type Baseline = Pick<Report, 'metrics' | 'cases'>

export async function readBaseline(path: string): Promise<Baseline> {
  let json: unknown
  try {
    json = JSON.parse(await readInput('--baseline', path))
  } catch (err) {
    if (err instanceof SyntaxError) throw new InputError(`--baseline ${basename(path)}: not valid JSON`)
    throw err
  }
  const parsed = BaselineFile.safeParse(json)
  if (!parsed.success) throw new InputError(`--baseline ${basename(path)}: not an eval report.json (${describeIssues(parsed.error.issues.slice(0, 1), 'file')})`)
  return json as Baseline
}

export interface MetricDelta {
  name: string
  baseline: number | null
  current: number | null
  delta: number | null
}

export interface BaselineDiff {
  baseline: string
  metrics: MetricDelta[]
  /**
   * Cases with a check (answer, intent, route, sentiment, blocked) that passed in the baseline and fails
   * now, matched by id and run, with those checks: a case already wrong on its intent that loses its
   * answer too got worse.
   */
  worse: Array<{ id: string; run: number; expected: ReportCase['expected']; got: ReportCase['got']; lost: VerdictCheck[] }>
  /** Cases with a check that failed in the baseline and passes now, and none lost. */
  better: number
  /** Case ids only in one of the two reports. */
  added: number
  removed: number
}

export function metricValues(m: Metrics): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const name of METRIC_NAMES) {
    const metric = m[name]
    if (metric) out[name] = metric.value
  }
  out['latency_ms.p50'] = m.latency_ms.p50
  out['latency_ms.p95'] = m.latency_ms.p95
  return out
}

export function diffReports(current: Baseline, baseline: Baseline, baselineName: string): BaselineDiff {
  const now = metricValues(current.metrics)
  const before = metricValues(baseline.metrics)
  const names = [...new Set([...Object.keys(now), ...Object.keys(before)])]
  const metrics = names.map((name) => {
    const b = before[name] ?? null
    const c = now[name] ?? null
    return { name, baseline: b, current: c, delta: b !== null && c !== null ? c - b : null }
  })
  const key = (c: { id: string; run?: number }) => `${c.id}#${c.run ?? 0}`
  const old = new Map(baseline.cases.map((c) => [key(c), c]))
  const seen = new Set<string>()
  const worse: BaselineDiff['worse'] = []
  let better = 0
  let added = 0
  for (const c of current.cases) {
    const b = old.get(key(c))
    seen.add(key(c))
    if (!b) {
      added++
      continue
    }
    const lost = VERDICT_CHECKS.filter((k) => b.checks[k] === true && c.checks[k] === false)
    if (lost.length) worse.push({ id: c.id, run: c.run, expected: c.expected, got: c.got, lost })
    else if (VERDICT_CHECKS.some((k) => b.checks[k] === false && c.checks[k] === true)) better++
  }
  const removed = [...old.keys()].filter((k) => !seen.has(k)).length
  return { baseline: baselineName, metrics, worse, better, added, removed }
}

/** Difference against an earlier report.json: per metric, and the cases that got worse. */
import { basename } from 'node:path'
import { z } from 'zod'
import { describeIssues } from '../../src/issues.js'
import { InputError, readInput } from '../input-error.js'
import { METRIC_NAMES, PERCENTILE_METRICS, type Metrics } from '../metrics/aggregate.js'
import { VERDICT_CHECKS, type VerdictCheck } from '../metrics/score.js'
import type { Report, ReportCase } from './types.js'
import { withoutBom } from '../../src/json-lines.js'

const MetricValue = z.object({ value: z.number().nullable() }).passthrough()

/**
 * What a diff reads of an earlier report.json; checked before the run, so a wrong path or a broken
 * value costs no run (a metric's value is printed with toFixed after it).
 */
const BaselineFile = z.object({
  dataset: z.string().optional(),
  format: z.string().optional(),
  metrics: z
    .object({
      ...Object.fromEntries(METRIC_NAMES.map((name) => [name, MetricValue.optional()])),
      latency_ms: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
    })
    .passthrough(),
  cases: z.array(z.object({ id: z.string(), run: z.number().optional(), input: z.string().optional(), checks: z.record(z.string(), z.union([z.boolean(), z.number()])) }).passthrough()),
})

/** What a diff compares; the set's name and format are absent from hand-made baselines. */
export type Baseline = Pick<Report, 'metrics' | 'cases'> & Partial<Pick<Report, 'dataset' | 'format'>>

export async function readBaseline(path: string): Promise<Baseline> {
  let json: unknown
  try {
    // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(withoutBom(await readInput('--baseline', path)))
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
  /** Case ids in both reports. */
  shared: number
  /** Shared case ids whose input differs: another case under the same id. */
  changed_inputs: number
  /** Why the deltas may not be a change: the baseline is of another set. */
  warnings: string[]
}

export function metricValues(m: Metrics): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const name of METRIC_NAMES) {
    const metric = m[name]
    if (metric) out[name] = metric.value
  }
  for (const name of PERCENTILE_METRICS) {
    const dist = m[name] as Metrics[typeof name] | undefined
    if (dist) for (const p of ['p50', 'p95'] as const) out[`${name}.${p}`] = dist[p]
  }
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
  const diff = { baseline: baselineName, metrics, worse, better, added, removed, ...sharedIds(current, baseline) }
  return { ...diff, warnings: setWarnings(current, baseline, diff) }
}

/** Case ids in both reports, and those whose input differs (two files that number their rows alike share ids, not cases). */
function sharedIds(current: Baseline, baseline: Baseline): { shared: number; changed_inputs: number } {
  const before = new Map(baseline.cases.map((c) => [c.id, c.input]))
  const shared = new Set(current.cases.filter((c) => before.has(c.id)).map((c) => c.id))
  const changed = new Set(current.cases.filter((c) => shared.has(c.id) && before.get(c.id) !== undefined && before.get(c.id) !== c.input).map((c) => c.id))
  return { shared: shared.size, changed_inputs: changed.size }
}

/** Deltas between two different sets say nothing about a change: the reports say so rather than let them pass for one. */
function setWarnings(current: Baseline, baseline: Baseline, diff: Omit<BaselineDiff, 'warnings'>): string[] {
  const warnings: string[] = []
  const set = (r: Baseline) => `${r.dataset ? basename(r.dataset) : '?'} (${r.format ?? '?'})`
  const otherFile = baseline.dataset !== undefined && current.dataset !== undefined && basename(baseline.dataset) !== basename(current.dataset)
  const otherFormat = baseline.format !== undefined && current.format !== undefined && baseline.format !== current.format
  if (otherFile || otherFormat) warnings.push(`the baseline is of another set, ${set(baseline)}, than this run, ${set(current)}`)
  if (diff.shared === 0 && current.cases.length > 0) warnings.push('the baseline shares no case id with this run: the runs are of different sets, so its deltas are not a change')
  if (diff.changed_inputs) warnings.push(`${diff.changed_inputs} of ${diff.shared} shared case ids have another input in the baseline: they are other cases, so their comparison is not a change`)
  return warnings
}

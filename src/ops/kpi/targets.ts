/**
 * The service's targets and where each figure comes from: the KPI summary, and answer accuracy
 * from the newest eval report (EVAL_REPORT: a report.json, or a folder of `<run>/report.json`).
 */
import type { Kpis } from './summary.js'

export interface EvalFigure {
  answer_accuracy: number | null
  n: number
  created_at: string | null
  path: string
}

export interface Target {
  id: 'response_time' | 'first_contact_resolution' | 'csat' | 'complaint_rate' | 'answer_accuracy'
  label: string
  value: number | null
  target: number
  direction: 'at_most' | 'at_least'
  unit: 'ms' | 'share'
  /** `no_data` when there is nothing to judge yet (or no eval report). */
  status: 'met' | 'missed' | 'no_data'
  note?: string
}

export function targetsFor(k: Kpis, evalReport: EvalFigure | null): Target[] {
  const judge = (value: number | null, target: number, direction: Target['direction']): Target['status'] =>
    value === null ? 'no_data' : (direction === 'at_most' ? value <= target : value >= target) ? 'met' : 'missed'
  const t = (id: Target['id'], label: string, value: number | null, target: number, direction: Target['direction'], unit: Target['unit'], note?: string): Target => ({
    id, label, value, target, direction, unit, status: judge(value, target, direction), ...(note ? { note } : {}),
  })
  return [
    t('response_time', 'Bot first reply, p95', k.time_to_first_reply.bot.p95_ms, 3000, 'at_most', 'ms'),
    t('first_contact_resolution', 'First-contact resolution', k.first_contact_resolution_rate, 0.85, 'at_least', 'share'),
    t('csat', 'CSAT (4-5 ratings)', k.csat, 0.9, 'at_least', 'share'),
    t('complaint_rate', 'Complaint rate', k.complaint_rate, 0.005, 'at_most', 'share'),
    t('answer_accuracy', 'Answer accuracy (last eval)', evalReport?.answer_accuracy ?? null, 0.92, 'at_least', 'share', evalReport ? `${evalReport.path}${evalReport.created_at ? `, ${evalReport.created_at}` : ''}` : 'no eval report'),
  ]
}

/** Reads the newest eval report; null when there is none or it cannot be read (e.g. on Workers). */
export async function readEvalReport(location: string): Promise<EvalFigure | null> {
  try {
    const fs = await import('node:fs/promises')
    const path = await import('node:path')
    let file = location
    const info = await fs.stat(location)
    if (info.isDirectory()) {
      const runs = await fs.readdir(location, { withFileTypes: true })
      const candidates: Array<{ file: string; mtime: number }> = []
      for (const run of runs.filter((d) => d.isDirectory())) {
        const f = path.join(location, run.name, 'report.json')
        const s = await fs.stat(f).catch(() => null)
        if (s?.isFile()) candidates.push({ file: f, mtime: s.mtimeMs })
      }
      candidates.sort((a, b) => b.mtime - a.mtime || b.file.localeCompare(a.file))
      if (!candidates.length) return null
      file = candidates[0].file
    }
    const report = JSON.parse(await fs.readFile(file, 'utf8')) as { created_at?: string; metrics?: { answer_accuracy?: { value?: number | null; n?: number } } }
    const metric = report.metrics?.answer_accuracy
    if (!metric) return null
    return { answer_accuracy: typeof metric.value === 'number' ? metric.value : null, n: Number(metric.n ?? 0), created_at: report.created_at ?? null, path: file }
  } catch {
    return null
  }
}

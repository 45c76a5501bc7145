/** Number formatting shared by the stdout table, markdown and HTML. */
import type { Metric } from '../metrics/aggregate.js'

const RATE_METRICS = new Set(['retrieval_mrr', 'sentiment_macro_f1'])

export function fmtValue(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–'
  if (name.startsWith('latency_ms')) return `${value.toFixed(1)} ms`
  if (name.startsWith('reply_chars')) return `${Math.round(value)} chars`
  if (name === 'errors') return String(value)
  if (RATE_METRICS.has(name)) return value.toFixed(3)
  return `${(100 * value).toFixed(1)}%`
}

export function fmtDelta(name: string, delta: number | null): string {
  if (delta === null) return '–'
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±'
  const abs = Math.abs(delta)
  if (name.startsWith('latency_ms')) return `${sign}${abs.toFixed(1)} ms`
  if (name.startsWith('reply_chars')) return `${sign}${Math.round(abs)} chars`
  if (RATE_METRICS.has(name)) return `${sign}${abs.toFixed(3)}`
  return `${sign}${(100 * abs).toFixed(1)} pt`
}

export const fmtMetric = (name: string, m: Metric | undefined) => (m && m.n > 0 ? fmtValue(name, m.value) : '–')

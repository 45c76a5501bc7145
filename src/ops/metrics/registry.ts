/**
 * A small Prometheus registry: counters, histograms and gauges with labels, rendered in the
 * text exposition format (version 0.0.4). One registry per app, passed in; nothing global.
 */
export type Labels = Record<string, string>

/** Distinct label sets kept per metric; beyond it new series are folded into `other`. */
const MAX_SERIES = 2000

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const formatNumber = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v))

function labelText(names: readonly string[], labels: Labels, extra?: [string, string]): string {
  const parts = names.map((n) => `${n}="${escapeLabel(labels[n] ?? '')}"`)
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`)
  return parts.length ? `{${parts.join(',')}}` : ''
}

abstract class Metric<S> {
  protected series = new Map<string, { labels: Labels; state: S }>()
  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[]) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`bad metric name ${name}`)
  }
  abstract readonly type: string
  protected abstract initial(): S
  protected abstract lines(labels: Labels, state: S): string[]

  protected get(labels: Labels): S {
    let clean: Labels = Object.fromEntries(this.labelNames.map((n) => [n, String(labels[n] ?? '')]))
    let key = JSON.stringify(this.labelNames.map((n) => clean[n]))
    if (!this.series.has(key) && this.series.size >= MAX_SERIES) {
      clean = Object.fromEntries(this.labelNames.map((n) => [n, 'other']))
      key = JSON.stringify(this.labelNames.map((n) => clean[n]))
    }
    let entry = this.series.get(key)
    if (!entry) this.series.set(key, (entry = { labels: clean, state: this.initial() }))
    return entry.state
  }

  reset(): void {
    this.series.clear()
  }

  render(): string {
    const out = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`]
    const entries = [...this.series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    for (const [, { labels, state }] of entries) out.push(...this.lines(labels, state))
    return out.join('\n')
  }
}

export class Counter extends Metric<{ value: number }> {
  readonly type = 'counter'
  protected initial() {
    return { value: 0 }
  }
  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error('a counter only goes up')
    this.get(labels).value += by
  }
  protected lines(labels: Labels, s: { value: number }) {
    return [`${this.name}${labelText(this.labelNames, labels)} ${formatNumber(s.value)}`]
  }
}

export class Gauge extends Metric<{ value: number }> {
  readonly type = 'gauge'
  protected initial() {
    return { value: 0 }
  }
  set(labels: Labels, value: number): void {
    this.get(labels).value = value
  }
  protected lines(labels: Labels, s: { value: number }) {
    return [`${this.name}${labelText(this.labelNames, labels)} ${formatNumber(s.value)}`]
  }
}

interface HistogramState {
  counts: number[]
  sum: number
  count: number
}

export class Histogram extends Metric<HistogramState> {
  readonly type = 'histogram'
  readonly buckets: readonly number[]
  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    super(name, help, labelNames)
    this.buckets = [...buckets].sort((a, b) => a - b)
  }
  protected initial(): HistogramState {
    return { counts: this.buckets.map(() => 0), sum: 0, count: 0 }
  }
  observe(labels: Labels, value: number): void {
    const s = this.get(labels)
    s.sum += value
    s.count += 1
    const i = this.buckets.findIndex((b) => value <= b)
    if (i >= 0) s.counts[i] += 1
  }
  protected lines(labels: Labels, s: HistogramState) {
    const out: string[] = []
    let cumulative = 0
    this.buckets.forEach((b, i) => {
      cumulative += s.counts[i]
      out.push(`${this.name}_bucket${labelText(this.labelNames, labels, ['le', formatNumber(b)])} ${cumulative}`)
    })
    out.push(`${this.name}_bucket${labelText(this.labelNames, labels, ['le', '+Inf'])} ${s.count}`)
    out.push(`${this.name}_sum${labelText(this.labelNames, labels)} ${formatNumber(s.sum)}`)
    out.push(`${this.name}_count${labelText(this.labelNames, labels)} ${s.count}`)
    return out
  }
}

/** Refreshes gauges just before a scrape (e.g. queue depth from the database). */
export type Collector = () => Promise<void>

export class Registry {
  private metrics: Array<Metric<unknown>> = []
  private collectors: Collector[] = []

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames))
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames))
  }
  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets))
  }
  collect(collector: Collector): void {
    this.collectors.push(collector)
  }

  /** Runs the collectors, then renders every metric; a failing collector is reported, not thrown. */
  async render(): Promise<string> {
    const failures = await Promise.allSettled(this.collectors.map((c) => c()))
    const failed = failures.filter((f) => f.status === 'rejected').length
    const text = this.metrics.map((m) => m.render()).join('\n')
    const scrape = `# HELP parley_scrape_collector_errors Collectors that failed during this scrape.\n# TYPE parley_scrape_collector_errors gauge\nparley_scrape_collector_errors ${failed}`
    return `${text}\n${scrape}\n`
  }

  private add<M extends Metric<any>>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} registered twice`)
    this.metrics.push(metric)
    return metric
  }
}

/** A strict reader of the Prometheus text format for tests: every sample line must parse. */
export type Samples = Map<string, number>

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/g

export function parseMetrics(text: string): Samples {
  const out: Samples = new Map()
  const typed = new Set<string>()
  for (const line of text.split('\n')) {
    if (!line) continue
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ')
      if (!['counter', 'gauge', 'histogram'].includes(type)) throw new Error(`bad type line: ${line}`)
      typed.add(name)
      continue
    }
    if (line.startsWith('# HELP ')) continue
    const m = LINE.exec(line)
    if (!m) throw new Error(`not a sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const l of (m[3] ?? '').matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\')
    const base = m[1].replace(/_(bucket|sum|count)$/, '')
    if (!typed.has(m[1]) && !typed.has(base)) throw new Error(`sample before its TYPE: ${line}`)
    out.set(key(m[1], labels), m[4] === '+Inf' ? Infinity : Number(m[4]))
  }
  return out
}

const key = (name: string, labels: Record<string, string>) =>
  `${name}${JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))))}`

export function sample(samples: Samples, name: string, labels: Record<string, string>): number | undefined {
  return samples.get(key(name, labels))
}

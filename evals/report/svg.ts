/** Inline SVG charts for report.html: no scripts, no external assets. */

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const FONT = 'font-family="system-ui,sans-serif" font-size="12"'

/** Horizontal bars, one per label, value 0..1 (worst first is up to the caller). */
export function barChart(rows: Array<{ label: string; value: number; n: number }>, opts: { target?: number; width?: number } = {}): string {
  if (rows.length === 0) return '<p>No per-intent accuracy to chart.</p>'
  const width = opts.width ?? 720
  const labelW = Math.min(260, 8 + 7 * Math.max(...rows.map((r) => r.label.length)))
  const barW = width - labelW - 110
  const rowH = 18
  const height = rows.length * rowH + 30
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="accuracy per intent" ${FONT}>`]
  rows.forEach((r, i) => {
    const y = 10 + i * rowH
    const w = Math.max(0, Math.min(1, r.value)) * barW
    const color = opts.target !== undefined && r.value < opts.target ? '#d9534f' : '#4a90d9'
    parts.push(
      `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(r.label)}</text>`,
      `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 5}" fill="${color}"><title>${esc(r.label)}: ${(100 * r.value).toFixed(1)}% of ${r.n}</title></rect>`,
      `<text x="${labelW + w + 4}" y="${y + 13}">${(100 * r.value).toFixed(0)}% (${r.n})</text>`,
    )
  })
  if (opts.target !== undefined) {
    const x = labelW + opts.target * barW
    parts.push(`<line x1="${x}" y1="4" x2="${x}" y2="${height - 16}" stroke="#333" stroke-dasharray="4 3"/>`, `<text x="${x}" y="${height - 3}" text-anchor="middle">target ${(100 * opts.target).toFixed(0)}%</text>`)
  }
  parts.push('</svg>')
  return parts.join('')
}

/** A confusion matrix: rows expected, columns predicted, cell shade by count. */
export function confusionMatrix(rowLabels: string[], colLabels: string[], count: (row: string, col: string) => number): string {
  if (rowLabels.length === 0) return '<p>No intent confusions.</p>'
  const cell = 34
  const left = Math.min(240, 8 + 7 * Math.max(...rowLabels.map((l) => l.length)))
  const top = Math.min(200, 8 + 6 * Math.max(...colLabels.map((l) => l.length)))
  // rotated column labels lean right: leave room for the last one
  const width = left + colLabels.length * cell + Math.ceil(top * 0.6) + 10
  const height = top + rowLabels.length * cell + 24
  const max = Math.max(1, ...rowLabels.flatMap((r) => colLabels.map((c) => count(r, c))))
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="intent confusions" ${FONT}>`]
  colLabels.forEach((c, j) => {
    const x = left + j * cell + cell / 2
    parts.push(`<text transform="translate(${x + 4},${top - 6}) rotate(-55)">${esc(c)}</text>`)
  })
  rowLabels.forEach((r, i) => {
    const y = top + i * cell
    parts.push(`<text x="${left - 6}" y="${y + cell / 2 + 4}" text-anchor="end">${esc(r)}</text>`)
    colLabels.forEach((c, j) => {
      const n = count(r, c)
      const x = left + j * cell
      const alpha = n === 0 ? 0 : 0.15 + (0.85 * n) / max
      const hue = r === c ? '74,144,217' : '217,83,79'
      parts.push(`<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="rgba(${hue},${alpha.toFixed(2)})" stroke="#ddd"><title>expected ${esc(r)}, got ${esc(c)}: ${n}</title></rect>`)
      if (n) parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle">${n}</text>`)
    })
  })
  parts.push(`<text x="${left}" y="${height - 6}">rows: expected intent · columns: predicted intent (blue: correct)</text>`, '</svg>')
  return parts.join('')
}

/**
 * A histogram of latencies in equal-width bins up to the 99th percentile; slower turns share one last,
 * darker bar. Spanning the slowest turn instead, one 300 ms outlier squeezes the rest into two bars.
 */
export function histogram(values: number[], opts: { bins?: number; unit?: string; width?: number } = {}): string {
  if (values.length === 0) return '<p>No latencies recorded.</p>'
  const width = opts.width ?? 720
  const height = 200
  const pad = { left: 40, right: 10, top: 10, bottom: 36 }
  const unit = opts.unit ?? ''
  const sorted = [...values].sort((a, b) => a - b)
  const lo = sorted[0]
  const hi = sorted[sorted.length - 1]
  const cap = sorted[Math.ceil(0.99 * sorted.length) - 1]
  const slow = sorted.filter((v) => v > cap).length
  const bins = opts.bins ?? 20
  const step = (cap - lo) / bins || 1
  const counts = new Array<number>(bins).fill(0)
  for (const v of sorted) if (v <= cap) counts[Math.min(bins - 1, Math.floor((v - lo) / step))]++
  const bars = counts.map((n, i) => ({ n, fill: '#4a90d9', title: `${(lo + i * step).toFixed(1)}–${(lo + (i + 1) * step).toFixed(1)} ${unit}: ${n}` }))
  if (slow) bars.push({ n: slow, fill: '#1f4e79', title: `over ${cap.toFixed(1)} ${unit} (up to ${hi.toFixed(1)} ${unit}): ${slow}` })
  const maxCount = Math.max(...bars.map((b) => b.n))
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const bw = plotW / bars.length
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="latency histogram" ${FONT}>`]
  bars.forEach((b, i) => {
    const h = (b.n / maxCount) * plotH
    const x = pad.left + i * bw
    parts.push(`<rect x="${x.toFixed(1)}" y="${(pad.top + plotH - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${b.fill}"><title>${b.title}</title></rect>`)
  })
  parts.push(
    `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#333"/>`,
    `<text x="${pad.left}" y="${height - 18}">${lo.toFixed(1)} ${unit}</text>`,
    `<text x="${width - pad.right}" y="${height - 18}" text-anchor="end">${slow ? `${cap.toFixed(1)} ${unit} (p99), then slower` : `${hi.toFixed(1)} ${unit}`}</text>`,
    `<text x="${pad.left + plotW / 2}" y="${height - 4}" text-anchor="middle">latency of the scored turn (${values.length} turns)</text>`,
    `<text x="${pad.left - 4}" y="${pad.top + 10}" text-anchor="end">${maxCount}</text>`,
    '</svg>',
  )
  return parts.join('')
}

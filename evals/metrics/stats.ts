/** Small statistics helpers for the metrics. */

/** Nearest-rank percentile (p in 0..100) of the values; null when there are none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

/**
 * Macro-averaged F1 over the labels that occur as gold or prediction (as scikit-learn does by
 * default): a label predicted but never gold contributes an F1 of 0. A null prediction (a turn
 * that threw) is a miss for its gold label without adding a label of its own.
 */
export function macroF1(pairs: Array<{ gold: string; pred: string | null }>): number | null {
  if (pairs.length === 0) return null
  const labels = [...new Set(pairs.flatMap((p) => (p.pred === null ? [p.gold] : [p.gold, p.pred])))]
  const f1s = labels.map((label) => {
    const tp = pairs.filter((p) => p.gold === label && p.pred === label).length
    const fp = pairs.filter((p) => p.gold !== label && p.pred === label).length
    const fn = pairs.filter((p) => p.gold === label && p.pred !== label).length
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn)
  })
  return f1s.reduce((a, b) => a + b, 0) / f1s.length
}

export function share(flags: boolean[]): number | null {
  return flags.length === 0 ? null : flags.filter(Boolean).length / flags.length
}

export function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length
}

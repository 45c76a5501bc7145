/** Weighted L2-regularised logistic regression by full-batch gradient descent (small feature counts). */
export interface Sample {
  x: number[]
  y: 0 | 1
  w: number
}

export function trainLogistic(samples: Sample[], dim: number, opts = { iterations: 4000, rate: 0.5, l2: 1e-3 }): { bias: number; weights: number[] } {
  const w = new Array<number>(dim).fill(0)
  let b = 0
  const total = samples.reduce((s, e) => s + e.w, 0)
  for (let it = 0; it < opts.iterations; it++) {
    const gw = new Array<number>(dim).fill(0)
    let gb = 0
    for (const s of samples) {
      let z = b
      for (let i = 0; i < dim; i++) z += w[i] * s.x[i]
      const err = (1 / (1 + Math.exp(-z)) - s.y) * s.w
      gb += err
      for (let i = 0; i < dim; i++) gw[i] += err * s.x[i]
    }
    b -= (opts.rate * gb) / total
    for (let i = 0; i < dim; i++) w[i] -= opts.rate * (gw[i] / total + opts.l2 * w[i])
  }
  return { bias: b, weights: w }
}

/**
 * SQuAD-style token F1 that also reads Chinese: lower-cased, punctuation dropped, English articles
 * dropped; Han characters are one token each (Chinese has no spaces), other letters and digits
 * form words.
 */
const TOKEN = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu
const ARTICLES = new Set(['a', 'an', 'the'])

export function f1Tokens(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(TOKEN) ?? []).filter((t) => !ARTICLES.has(t))
}

export function tokenF1(prediction: string, reference: string): number {
  const pred = f1Tokens(prediction)
  const ref = f1Tokens(reference)
  if (pred.length === 0 || ref.length === 0) return pred.length === ref.length ? 1 : 0
  const counts = new Map<string, number>()
  for (const t of ref) counts.set(t, (counts.get(t) ?? 0) + 1)
  let common = 0
  for (const t of pred) {
    const c = counts.get(t) ?? 0
    if (c > 0) {
      common++
      counts.set(t, c - 1)
    }
  }
  if (common === 0) return 0
  const precision = common / pred.length
  const recall = common / ref.length
  return (2 * precision * recall) / (precision + recall)
}

import { searchTerms } from '../../text/tokenize.js'

/**
 * True when the customer asks again what they already asked after the bot replied:
 * the bot's answer did not help, and a third try rarely goes better.
 */
export function isRepeatedQuestion(
  text: string,
  history: Array<{ role: string; text: string }>,
  threshold: number,
): boolean {
  const now = new Set(searchTerms(text))
  if (now.size === 0) return false
  for (let i = history.length - 1; i >= 0 && i >= history.length - 8; i--) {
    const earlier = history[i]
    if (earlier.role !== 'customer') continue
    const answered = history.slice(i + 1).some((m) => m.role === 'bot')
    if (answered && jaccard(now, new Set(searchTerms(earlier.text))) >= threshold) return true
  }
  return false
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0
  for (const x of a) if (b.has(x)) shared++
  const union = a.size + b.size - shared
  return union === 0 ? 0 : shared / union
}

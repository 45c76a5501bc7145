import { searchTerms } from '../../text/tokenize.js'

/** Starts by pointing back at what was said before ("that", "it", "那", "这个"). */
const POINTS_BACK = /^(and|but|so|also|what about|how about|that|this|it|those|they|then)\b|^(那|这|那个|这个|那么|还有|另外|然后|那如果|如果是)/i

/**
 * "PayPal. When will it show up?" means little alone: after "question about my refund", it asks
 * when the refund arrives. A message with few search terms of its own, or one that points back,
 * may carry on from the customer's previous message: this is the two read together (null when the
 * message stands alone or is the first). The intent stage decides whether that reading makes more
 * sense of it. Only the customer's own words are used: a bot reply would pull retrieval towards
 * what was already answered.
 */
export function followUpQuery(text: string, history: Array<{ role: string; text: string }>, maxOwnTerms: number): string | null {
  const previous = history.findLast((m) => m.role === 'customer')
  if (!previous) return null
  const own = new Set(searchTerms(text)).size
  if (own > maxOwnTerms && !POINTS_BACK.test(text.trim())) return null
  return `${previous.text}\n${text}`
}

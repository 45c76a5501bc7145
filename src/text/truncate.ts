/**
 * Shortens text without cutting a character in half. An emoji is two UTF-16 code units (a
 * surrogate pair); a cut between them leaves a lone surrogate, which PostgreSQL refuses in text and
 * jsonb, so a summary or snippet cut that way fails the whole write it is part of.
 */

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff

/**
 * `text` cut to at most `max` UTF-16 code units (the unit `.length` counts) at a whole code point,
 * ending in `ellipsis` (counted in `max`, left out when even it does not fit) when it was cut.
 */
export function truncate(text: string, max: number, ellipsis = ''): string {
  if (text.length <= max) return text
  const mark = ellipsis.length <= max ? ellipsis : ''
  let end = Math.max(0, max - mark.length)
  if (end > 0 && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))) end--
  return text.slice(0, end) + mark
}

import type { Span } from './types.js'

/** Replace spans (non-overlapping) in text; `replacement` gets each span. Spans may come in any order. */
export function replaceSpans(text: string, spans: readonly Span[], replacement: (s: Span) => string): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  let out = ''
  let pos = 0
  for (const s of sorted) {
    if (s.start < pos) continue
    out += text.slice(pos, s.start) + replacement(s)
    pos = s.end
  }
  return out + text.slice(pos)
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end
}

/** Fullwidth ASCII (Ｕ+FF01..FF5E) and ideographic space to ASCII, one UTF-16 unit each so offsets stay valid. */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  )
}

/**
 * Sentence boundaries for streaming: a boundary is only declared when it is certain from the text so
 * far. Chinese full stops end a sentence at once; an English '.', '!' or '?' only once whitespace follows
 * (so "3.5" and "example.com" never split, and "Hello." waits for the next delta or the end).
 */
const ZH_END = /[。！？；…]/
const CLOSERS = /[”’"'」』）)\]]/
const EN_END = /[.!?]/

/** Index just past the first complete sentence (terminator, closers, following whitespace), or -1. */
export function sentenceEnd(buffer: string): number {
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i]
    if (c === '\n') {
      let j = i + 1
      while (j < buffer.length && buffer[j] === '\n') j++
      return j
    }
    const zh = ZH_END.test(c)
    if (!zh && !EN_END.test(c)) continue
    let j = i + 1
    while (j < buffer.length && (ZH_END.test(buffer[j]) || EN_END.test(buffer[j]) || CLOSERS.test(buffer[j]))) j++
    if (zh) {
      while (j < buffer.length && /[ \t]/.test(buffer[j])) j++
      return j
    }
    if (j < buffer.length && /\s/.test(buffer[j])) {
      while (j < buffer.length && /[ \t]/.test(buffer[j])) j++
      return j
    }
    i = j - 1
  }
  return -1
}

/**
 * Splits finished text at the same boundaries the stream gate releases it at, so a reply replayed
 * sentence by sentence reads exactly like one that was streamed. Joining the pieces gives the text back.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = []
  let rest = text
  for (let cut = sentenceEnd(rest); cut > 0; cut = sentenceEnd(rest)) {
    out.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  if (rest) out.push(rest)
  return out
}

/** A lead-in ("You will need:", "请准备："): the text after it completes it. */
export const LEAD_IN = /[:：]$/

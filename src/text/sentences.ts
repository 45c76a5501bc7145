/** Splits text into sentences, keeping each sentence's end punctuation and trailing space (en and zh). */
export function splitSentences(text: string): string[] {
  const out: string[] = []
  const re = /[^.!?。！？\n]+(?:[.!?。！？]+["'”’)）]*|\n+|$)\s*/gu
  for (const m of text.matchAll(re)) if (m[0].trim()) out.push(m[0])
  return out.length ? out : text ? [text] : []
}

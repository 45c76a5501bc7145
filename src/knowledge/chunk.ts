import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import { LEAD_IN } from '../text/sentences.js'
import { LONE_SURROGATE } from '../text/clean.js'

// Paragraphs, lines and sentences in both scripts (the plain text has no markdown markers left).
const SEPARATORS = ['\n\n', '\n', '。', '！', '？', '. ', '! ', '? ', '；', '; ', '，', ', ', ' ', '']

/**
 * Part of every stored document's content hash (src/knowledge/ingest.ts): bumped whenever the same
 * options would cut the same text differently, so existing knowledge bases are re-chunked.
 */
export const CHUNKER = 'sections-v1'

export interface ChunkOptions {
  chunkSize: number
  chunkOverlap: number
}

const HAN = /\p{Script=Han}/u
/** Ends like a sentence or a clause, so it is prose rather than a title ("?" titles an FAQ entry). */
const SENTENCE_END = /[.!;,。！；，…]["”'’)\]）」]*$/u

/**
 * A heading in plain text: a short line of its own after a blank line (or at the top), not closed
 * like a sentence, with text after it. Markdown headings, FAQ questions and HTML headings all look
 * like this once converted; list items do not (they follow each other without blank lines).
 */
function isHeading(lines: string[], i: number): boolean {
  const line = lines[i].trim()
  if (!line || (i > 0 && lines[i - 1].trim() !== '')) return false
  if (!lines.slice(i + 1).some((l) => l.trim() !== '')) return false
  if (SENTENCE_END.test(line)) return false
  return HAN.test(line) ? line.length <= 30 : line.length <= 80 && line.split(/\s+/).length <= 12
}

/** The headings of a text (of a chunk, say), in order. */
export function headings(text: string): string[] {
  const lines = text.split('\n')
  return lines.flatMap((line, i) => (isHeading(lines, i) ? [line.trim()] : []))
}

/** Sections of the text, each from one heading to the next (the first may have none). */
function sections(text: string): Array<{ heading: string | null; text: string }> {
  const lines = text.split('\n')
  const out: Array<{ heading: string | null; lines: string[] }> = []
  for (let i = 0; i < lines.length; i++) {
    const heading = isHeading(lines, i)
    if (heading || out.length === 0) out.push({ heading: heading ? lines[i].trim() : null, lines: [] })
    out[out.length - 1].lines.push(lines[i])
  }
  return out.map((s) => ({ heading: s.heading, text: s.lines.join('\n').trim() })).filter((s) => s.text.length > 0)
}

/** A piece must not end on what introduces the next one: a lead-in line moves to the next piece. */
function keepLeadInsWithText(pieces: string[]): string[] {
  const out = [...pieces]
  for (let i = 0; i < out.length - 1; i++) {
    const cut = out[i].lastIndexOf('\n')
    const last = out[i].slice(cut + 1).trim()
    if (cut < 0 || !LEAD_IN.test(last)) continue
    out[i] = out[i].slice(0, cut).trim()
    if (!out[i + 1].startsWith(last)) out[i + 1] = `${last}\n${out[i + 1]}`
  }
  return out.filter((p) => p.length > 0)
}

/**
 * Splits a document's text into chunks along its structure. The text is cut into sections at its
 * headings, and neighbouring sections are packed together up to the chunk size, so a chunk never
 * ends on a heading that belongs to the next one. A section longer than the chunk size is split at
 * paragraphs, then lines, then sentences, with the usual overlap; its later pieces start with the
 * section's heading, which says what they are about, and none ends on a lead-in line ("You need:").
 */
export async function chunkText(text: string, opts: ChunkOptions): Promise<string[]> {
  const size = opts.chunkSize
  const pieces: string[] = []
  for (const section of sections(text.replace(/\r\n?/g, '\n'))) {
    if (section.text.length <= size) {
      pieces.push(section.text)
      continue
    }
    const heading = section.heading
    const body = heading ? section.text.slice(heading.length).trim() : section.text
    const room = Math.max(Math.floor(size / 2), size - (heading ? heading.length + 1 : 0))
    const splitter = new RecursiveCharacterTextSplitter({
      chunkSize: room,
      chunkOverlap: Math.min(opts.chunkOverlap, Math.floor(room / 2)),
      separators: SEPARATORS,
      keepSeparator: true,
    })
    // The splitter's last resort cuts between UTF-16 units, so a run of emoji may lose half of one at a
    // cut: that half becomes U+FFFD (the whole character survives in the overlap or the next piece),
    // as PostgreSQL refuses a lone surrogate and the document with it.
    const split = (await splitter.splitText(body)).map((p) => p.replace(LONE_SURROGATE, '\uFFFD').trim())
    const parts = keepLeadInsWithText(split.filter((p) => p.length > 0))
    for (const part of parts) pieces.push(heading ? `${heading}\n${part}` : part)
  }
  // Neighbouring pieces are packed together while they fit.
  const out: string[] = []
  for (const piece of pieces) {
    const last = out.length - 1
    if (last >= 0 && out[last].length + 2 + piece.length <= size) out[last] = `${out[last]}\n\n${piece}`
    else out.push(piece)
  }
  return out
}

import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'

// Markdown structure first, then paragraphs and sentences in both scripts.
const SEPARATORS = ['\n## ', '\n### ', '\n#### ', '\n\n', '\n', '。', '！', '？', '. ', '! ', '? ', '；', '; ', '，', ', ', ' ', '']

export interface ChunkOptions {
  chunkSize: number
  chunkOverlap: number
}

/** Splits a document's text into overlapping chunks that keep headings with their paragraphs. */
export async function chunkText(text: string, opts: ChunkOptions): Promise<string[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: opts.chunkSize,
    chunkOverlap: Math.min(opts.chunkOverlap, Math.floor(opts.chunkSize / 2)),
    separators: SEPARATORS,
    keepSeparator: true,
  })
  const parts = await splitter.splitText(text)
  return parts.map((p) => p.trim()).filter((p) => p.length > 0)
}

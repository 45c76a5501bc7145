/**
 * What a knowledge-base document looks like on the way in, and how each format becomes plain text.
 */
import { decodeHTML } from 'entities'
import { z } from 'zod'
import { customerText } from '../text/customer-text.js'
import { CONTROL_CHARS } from '../text/clean.js'
import { storableMetadata } from '../db/storable-json.js'

/** Metadata is usually flat; nesting is limited only so the JSON encoder cannot overflow its stack. */
const METADATA_LIMITS = { maxDepth: 32 }

const DocumentFormat = z.enum(['markdown', 'text', 'html'])

/**
 * Text and title are prose pasted from other systems, so they are cleaned like customer text (control
 * characters removed, unpaired surrogates become U+FFFD). The id needs no cleaning: its pattern already
 * refuses them, and an id must not change silently. Strict like every other body: the file loader
 * builds these objects itself and folds a dataset's extra fields (doc2dial's `domain`) into metadata.
 */
export const DocumentInput = z
  .object({
    id: z.string().trim().min(1).max(200).regex(/^[\w.:\/-]+$/, 'letters, digits and . _ : / - only'),
    title: customerText(500),
    text: customerText(2_000_000),
    format: DocumentFormat.default('markdown'),
    // Shown to customers as a citation link, so never javascript: or data:. Stored as sent, so no
    // characters the URL parser would quietly drop or encode (and PostgreSQL cannot store NUL).
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http: or https: URL' })
      .max(2000)
      .regex(/^[^\s\p{Cc}\p{Cs}]*$/u, 'must not contain spaces or control characters')
      .nullish(),
    lang: z.enum(['en', 'zh']).optional(),
    metadata: storableMetadata(METADATA_LIMITS).default({}),
  })
  .strict()
  // HTML that is all script (or markdown that is all markup) would store a document no search finds.
  // Judged only once every field is valid, so the text is a cleaned string of a known format.
  .refine((doc) => /[^\s\p{Cf}]/u.test(toPlainText(doc)), { path: ['text'], message: 'document has no text', when: ({ issues }) => issues.length === 0 })
export type DocumentInput = z.input<typeof DocumentInput>
export type ParsedDocument = z.output<typeof DocumentInput>

/** HTML to readable text: scripts and styles dropped, block elements become line breaks. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style|noscript)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr|section|article)>/gi, '\n\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, ' ')
  // References decoded as a browser decodes text: every HTML5 name (&rsquo;, &ndash;, &eacute;…, which
  // help-center exports are full of), and numbers as the spec maps them (0, surrogates and numbers past
  // Unicode to U+FFFD, 0x80-0x9F to Windows-1252). The control characters it leaves in are dropped, as
  // they are from the raw text.
  return decodeHTML(text)
    .replace(CONTROL_CHARS, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n\s*\n\s*\n+/g, '\n\n')
    .trim()
}

const HAN = /\p{Script=Han}/u
const TABLE_ROW = /^\s*\|(.+)\|\s*$/
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/

/**
 * A table row read aloud, closed like a sentence so it can be quoted on its own: its first cell, then
 * each other cell under its column's name ("Credit or debit card, time after we issue the refund:
 * 5-10 business days."). Without the names a row loses what its figures are ("PayPal: 1-2 business
 * days" says nothing of refunds), and a question about them finds nothing to match.
 */
function tableRowToSentence(row: string, header: string[]): string {
  const cells = tableCells(row)
  const zh = HAN.test(row)
  // Cells keep their column, an empty one included, so each is named by its own column.
  const named = cells.slice(1).flatMap((cell, i) => {
    const name = header[i + 1] ? midSentence(header[i + 1]) : ''
    return cell ? [name ? `${name}${zh ? '：' : ': '}${cell}` : cell] : []
  })
  const line = [cells[0], ...named].filter(Boolean).join(zh ? '，' : ', ')
  return /[.!?。！？]$/.test(line) ? line : line + (zh ? '。' : '.')
}

const tableCells = (row: string) => row.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim())
/** A column name inside a sentence: "Delivery time" -> "delivery time" (an acronym such as "ETA" stays). */
const midSentence = (name: string) => name.replace(/^(\p{Lu})(?=\p{Ll})/u, (c) => c.toLowerCase())

/**
 * Markdown to text an answer can quote: headings, list markers, emphasis and link targets go;
 * tables become one sentence per row, each cell under its column's name.
 * Paragraph breaks stay for the splitter.
 */
export function markdownToText(md: string): string {
  const lines = md.split(/\r?\n/)
  const out: string[] = []
  let header: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (TABLE_RULE.test(line) && line.includes('-')) continue
    if (TABLE_ROW.test(line)) {
      // The header row names the columns: it is not a sentence, its names go into every row's.
      if (TABLE_RULE.test(lines[i + 1] ?? '')) header = tableCells(line)
      else out.push(tableRowToSentence(line, header))
      continue
    }
    header = []
    out.push(
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/`([^`]+)`/g, '$1'),
    )
  }
  return out.join('\n').trim()
}

/** The title as customers see it in citations: an HTML document's title is HTML too ("Warranty &amp; care"). */
export function plainTitle(doc: { title: string; format: z.output<typeof DocumentFormat> }): string {
  if (doc.format !== 'html') return doc.title
  return decodeHTML(doc.title).replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim() || doc.title
}

export function toPlainText(doc: { text: string; format: z.output<typeof DocumentFormat> }): string {
  if (doc.format === 'html') return htmlToText(doc.text)
  if (doc.format === 'markdown') return markdownToText(doc.text)
  return doc.text.trim()
}

/** Splits `---` front matter (simple `key: value` and `[a, b]` lists) from a markdown file. */
export function parseFrontMatter(source: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source)
  if (!match) return { data: {}, body: source }
  const data: Record<string, unknown> = {}
  for (const line of match[1].split(/\r?\n/)) {
    const kv = /^([\w-]+)\s*:\s*(.*)$/.exec(line)
    if (!kv) continue
    const raw = kv[2].trim()
    const value = raw.startsWith('[') && raw.endsWith(']')
      ? raw.slice(1, -1).split(',').map((s) => s.trim().replace(/^["']|["']$/g, '')).filter(Boolean)
      : raw.replace(/^["']|["']$/g, '')
    // Defined, not assigned: `data.__proto__ = 'x'` would be ignored and the key lost from the metadata.
    Object.defineProperty(data, kv[1], { value, enumerable: true, writable: true, configurable: true })
  }
  return { data, body: source.slice(match[0].length) }
}

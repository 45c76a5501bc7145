/**
 * Reads knowledge-base sources from disk: a folder (and its subfolders) of markdown/text/html files
 * with front matter, or a JSONL file of `{doc_id|id, title, text|content|body, url?, lang?, format?}`
 * (named .jsonl, .ndjson or .json, or any name whose first line is a JSON object).
 * Node only (used by CLIs and seeding).
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { DocumentInput, parseFrontMatter } from './document.js'
import { describeIssues } from '../issues.js'
import { jsonLines, withoutBom } from '../json-lines.js'

const FORMAT_BY_EXT: Record<string, DocumentInput['format']> = { '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text', '.html': 'html', '.htm': 'html' }

export async function* readKnowledgeSource(path: string): AsyncGenerator<DocumentInput> {
  const info = await stat(path)
  if (info.isDirectory()) {
    // Help centers are often exported one folder per language or section (kb/en/…, kb/zh/…).
    const names = (await readdir(path, { recursive: true }))
      .filter((n) => FORMAT_BY_EXT[extname(n).toLowerCase()] && !n.split(/[\\/]/).some((part) => part.startsWith('.')))
      .sort()
    // A file's id is its name; where two folders hold the same name, its path inside the source.
    const stemOf = (name: string) => basename(name, extname(name))
    const seen = new Map<string, number>()
    for (const name of names) seen.set(stemOf(name), (seen.get(stemOf(name)) ?? 0) + 1)
    for (const name of names) {
      const id = seen.get(stemOf(name))! > 1 ? name.slice(0, -extname(name).length).split(/[\\/]/).join('/') : stemOf(name)
      yield fileToDocument(name, withoutBom(await readFile(join(path, name), 'utf8')), id)
    }
    return
  }
  const source = withoutBom(await readFile(path, 'utf8'))
  if (!isJsonLines(path, source)) {
    yield fileToDocument(basename(path), source, basename(path, extname(path)))
    return
  }
  for (const { value, line } of jsonLines(source, (n) => new Error(`line ${n}: not valid JSON`))) yield jsonRowToDocument(value, line)
}

/**
 * A JSONL export is known by its extension, or by its content when it has another name (`kb.json`,
 * an export without one): read as a text file, its JSON would be quoted to customers as the answer.
 */
export function isJsonLines(path: string, source: string): boolean {
  const ext = extname(path).toLowerCase()
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return true
  if (FORMAT_BY_EXT[ext]) return false
  const first = source.split('\n').find((l) => l.trim())?.trim() ?? ''
  if (!first.startsWith('{')) return false
  try {
    const value: unknown = JSON.parse(first)
    return typeof value === 'object' && value !== null
  } catch {
    return false
  }
}

/** A JSONL row: `{doc_id|id, title, text|content|body, url?, lang?, format?}`, each field of the type the ingest takes. */
export function jsonRowToDocument(row: unknown, line: number): DocumentInput {
  if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`line ${line}: expected a JSON object`)
  const r = row as Record<string, unknown>
  const field = (names: string[], kind: 'id' | 'string'): string | undefined => {
    const name = names.find((n) => r[n] !== undefined && r[n] !== null)
    if (!name) return undefined
    const value = r[name]
    if (typeof value === 'string' || (kind === 'id' && typeof value === 'number')) return String(value)
    throw new Error(`line ${line}: "${name}" must be a ${kind === 'id' ? 'string or a number' : 'string'}`)
  }
  const id = field(['doc_id', 'id'], 'id')
  if (id === undefined) throw new Error(`line ${line}: "doc_id" is missing`)
  return {
    id,
    title: field(['title'], 'string') ?? id,
    text: field(['text', 'content', 'body'], 'string') ?? '',
    url: field(['url'], 'string') ?? null,
    lang: field(['lang'], 'string') as 'en' | 'zh' | undefined,
    format: (field(['format'], 'string') as DocumentInput['format'] | undefined) ?? 'text',
    metadata: r.domain ? { domain: r.domain } : {},
  }
}

/**
 * Every document of a source, each checked as the ingest will check it: a bad one stops the load
 * before anything is stored, so a seed, an ingest or an eval never stores half a knowledge base.
 * A repeated id is refused too: the ingest would quietly replace the earlier document with the later
 * (a folder's front matter can repeat an id as well as a JSONL file can).
 */
export async function readKnowledgeDocuments(path: string): Promise<DocumentInput[]> {
  return checkedDocuments(readKnowledgeSource(path))
}

/** Documents already read (the eval parses its --kb file itself), checked as readKnowledgeDocuments checks them. */
export async function checkedDocuments(source: AsyncIterable<DocumentInput> | Iterable<DocumentInput>): Promise<DocumentInput[]> {
  const docs: DocumentInput[] = []
  const first = new Map<string, number>()
  for await (const doc of source) {
    const n = docs.length + 1
    const parsed = DocumentInput.safeParse(doc)
    if (!parsed.success) throw new Error(`document ${n} ("${doc.id}"): ${describeIssues(parsed.error.issues.slice(0, 1), 'document')}`)
    const earlier = first.get(doc.id)
    if (earlier !== undefined) throw new Error(`documents ${earlier} and ${n} have the same id "${doc.id}"`)
    first.set(doc.id, n)
    docs.push(doc)
  }
  return docs
}

function fileToDocument(name: string, source: string, defaultId: string): DocumentInput {
  const format = FORMAT_BY_EXT[extname(name).toLowerCase()] ?? 'text'
  const { data, body } = format === 'markdown' ? parseFrontMatter(source) : { data: {}, body: source }
  const heading = /^#\s+(.+)$/m.exec(body)?.[1]
  const { id, title, url, lang, ...rest } = data as Record<string, string | undefined>
  return {
    id: id ?? defaultId,
    title: title ?? heading ?? basename(name, extname(name)),
    text: body,
    format,
    url: url ?? null,
    lang: lang === 'en' || lang === 'zh' ? lang : undefined,
    metadata: rest,
  }
}

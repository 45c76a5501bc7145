/**
 * Reads knowledge-base sources from disk: a folder (and its subfolders) of markdown/text/html files
 * with front matter, or a JSONL file of `{doc_id|id, title, text|content|body, url?, lang?, format?}`.
 * Node only (used by CLIs and seeding).
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { DocumentInput, parseFrontMatter } from './document.js'
import { describeIssues } from '../issues.js'

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
      yield fileToDocument(name, await readFile(join(path, name), 'utf8'), id)
    }
  } else if (path.endsWith('.jsonl')) {
    const lines = (await readFile(path, 'utf8')).split('\n')
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue
      let row: Record<string, unknown>
      try {
        row = JSON.parse(line)
      } catch {
        throw new Error(`line ${i + 1}: not valid JSON`)
      }
      yield {
        id: String(row.doc_id ?? row.id ?? ''),
        title: String(row.title ?? row.doc_id ?? row.id ?? ''),
        text: String(row.text ?? row.content ?? row.body ?? ''),
        url: (row.url as string | undefined) ?? null,
        lang: row.lang as 'en' | 'zh' | undefined,
        format: (row.format as DocumentInput['format']) ?? 'text',
        metadata: row.domain ? { domain: row.domain } : {},
      }
    }
  } else {
    yield fileToDocument(basename(path), await readFile(path, 'utf8'), basename(path, extname(path)))
  }
}

/**
 * Every document of a source, each checked as the ingest will check it: a bad one stops the load
 * before anything is stored, so a seed, an ingest or an eval never stores half a knowledge base.
 * A repeated id is refused too: the ingest would quietly replace the earlier document with the later
 * (a folder's front matter can repeat an id as well as a JSONL file can).
 */
export async function readKnowledgeDocuments(path: string): Promise<DocumentInput[]> {
  const docs: DocumentInput[] = []
  const first = new Map<string, number>()
  for await (const doc of readKnowledgeSource(path)) {
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

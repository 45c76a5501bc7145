/**
 * Public knowledge bases may use document ids the ingest refuses (doc2dial's are page titles with
 * spaces and '#'). For a JSONL source with such ids, a copy with rewritten ids is written to a
 * temporary folder outside the project, and the same mapping is applied to the cases' doc_ids.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { DocumentInput } from '../../src/knowledge/document.js'
import { checkedDocuments, isJsonLines, jsonRowToDocument, readKnowledgeDocuments } from '../../src/knowledge/load.js'
import { jsonLines, withoutBom } from '../../src/json-lines.js'
import { InputError, unreadable } from '../input-error.js'
import type { EvalCase } from '../types.js'

export type IdRule = (id: string) => boolean
/** The ingest's own rule, so the copy is made only while the ingest would refuse an id. */
export const ingestAcceptsId: IdRule = (id) => DocumentInput.shape.id.safeParse(id).success

/** A valid id for any string: valid ids stay as they are; others become a slug plus a short hash. */
export function safeDocId(id: string, isValidId: IdRule = ingestAcceptsId): string {
  if (isValidId(id)) return id
  const slug = id.trim().replace(/[^\w.:/-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 180) || 'doc'
  return `${slug}-${createHash('sha1').update(id).digest('hex').slice(0, 8)}`
}

export interface PreparedKb {
  path: string
  /** Ids rewritten (0 when the source is used as it is). */
  rewritten: number
  /** The documents' ids, as ingested (rewritten where they were). */
  docIds: ReadonlySet<string>
  mapCases(cases: EvalCase[]): EvalCase[]
  cleanup(): Promise<void>
}

export async function prepareKb(path: string, isValidId: IdRule = ingestAcceptsId): Promise<PreparedKb> {
  const name = basename(path)
  try {
    // A JSONL file is read and parsed once: its ids checked (and rewritten), then its documents.
    const rows = await jsonlRows(path)
    const rewritten = rows ? rewriteIds(rows, name, isValidId) : 0
    const docs = await checkDocuments(() => (rows ? checkedDocuments(documentsOf(rows)) : readKnowledgeDocuments(path)), name)
    const docIds = new Set(docs.map((d) => d.id))
    if (rewritten === 0) return { path, rewritten, docIds, mapCases: (c) => c, cleanup: async () => {} }
    return { ...(await writeCopy(rows!, isValidId)), rewritten, docIds }
  } catch (err) {
    // A missing file or an unreadable folder: Node's message names neither the flag nor the file.
    throw unreadable('--kb', path, err)
  }
}

/**
 * Every document as the ingest will read it, before any case runs: a bad one is the user's to fix,
 * and an eval should not ingest half a knowledge base and then fail.
 */
async function checkDocuments(read: () => Promise<DocumentInput[]>, name: string): Promise<DocumentInput[]> {
  let docs
  try {
    docs = await read()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw err
    throw new InputError(`--kb ${name}: ${(err as Error).message}`)
  }
  if (docs.length === 0) throw new InputError(`--kb ${name}: no documents`)
  return docs
}

interface Row {
  row: Record<string, unknown>
  line: number
}

/** The rows of a JSONL source as the loader knows it (by extension, or by content under another name); undefined for a folder or a text file. */
async function jsonlRows(path: string): Promise<Row[] | undefined> {
  if ((await stat(path)).isDirectory()) return undefined
  const source = withoutBom(await readFile(path, 'utf8'))
  if (!isJsonLines(path, source)) return undefined
  const rows: Row[] = []
  for (const { value: row, line } of jsonLines(source, (n) => new InputError(`--kb ${basename(path)}:${n}: not valid JSON`))) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new InputError(`--kb ${basename(path)}:${line}: expected a JSON object (a document)`)
    rows.push({ row: row as Record<string, unknown>, line })
  }
  return rows
}

/** Each row as the loader turns it into a document, lazily, so the first bad row is the one reported. */
function* documentsOf(rows: Row[]): Generator<DocumentInput> {
  for (const { row, line } of rows) yield jsonRowToDocument(row, line)
}

/** Ids the ingest would refuse rewritten in place (the original kept as the title when there is none); how many were. */
function rewriteIds(rows: Row[], name: string, isValidId: IdRule): number {
  let rewritten = 0
  // A repeated id would quietly replace the earlier document when ingested.
  const lineOf = new Map<string, number>()
  for (const { row, line } of rows) {
    const key = row.doc_id !== undefined ? 'doc_id' : 'id'
    const value = row[key]
    // Rewritten, a missing id (or an object's "[object Object]") would become an invented one that no case can expect.
    if (!(typeof value === 'number' || (typeof value === 'string' && value.trim()))) throw new InputError(`--kb ${name}:${line}: "doc_id" (or "id") must be a non-empty string or a number`)
    const id = String(value)
    const earlier = lineOf.get(id)
    if (earlier !== undefined) throw new InputError(`--kb ${name}:${line}: id "${id}" repeats the document on line ${earlier}`)
    lineOf.set(id, line)
    const safe = safeDocId(id, isValidId)
    if (safe !== id) {
      row[key] = safe
      if (row.title === undefined) row.title = id
      rewritten++
    }
  }
  return rewritten
}

/** The rewritten rows in a temporary copy the ingest reads, and the same mapping for the cases' doc_ids. */
async function writeCopy(rows: Row[], isValidId: IdRule): Promise<Pick<PreparedKb, 'path' | 'mapCases' | 'cleanup'>> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-eval-kb-'))
  const copy = join(dir, 'kb.jsonl')
  await writeFile(copy, rows.map(({ row }) => JSON.stringify(row)).join('\n') + '\n')
  return {
    path: copy,
    mapCases: (cases) => cases.map((c) => (c.expected.doc_ids ? { ...c, expected: { ...c.expected, doc_ids: c.expected.doc_ids.map((d) => safeDocId(d, isValidId)) } } : c)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}

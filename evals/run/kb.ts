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
import { isJsonLines, readKnowledgeDocuments } from '../../src/knowledge/load.js'
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
  mapCases(cases: EvalCase[]): EvalCase[]
  cleanup(): Promise<void>
}

export async function prepareKb(path: string, isValidId: IdRule = ingestAcceptsId): Promise<PreparedKb> {
  let prepared: PreparedKb | undefined
  try {
    prepared = await withSafeIds(path, isValidId)
    await checkDocuments(prepared.path, basename(path))
    return prepared
  } catch (err) {
    await prepared?.cleanup()
    // A missing file or an unreadable folder: Node's message names neither the flag nor the file.
    throw unreadable('--kb', path, err)
  }
}

/**
 * Every document as the ingest will read it, before any case runs: a bad one is the user's to fix,
 * and an eval should not ingest half a knowledge base and then fail.
 */
async function checkDocuments(path: string, name: string): Promise<void> {
  let docs
  try {
    docs = await readKnowledgeDocuments(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw err
    throw new InputError(`--kb ${name}: ${(err as Error).message}`)
  }
  if (docs.length === 0) throw new InputError(`--kb ${name}: no documents`)
}

async function withSafeIds(path: string, isValidId: IdRule): Promise<PreparedKb> {
  const asIs: PreparedKb = { path, rewritten: 0, mapCases: (c) => c, cleanup: async () => {} }
  if ((await stat(path)).isDirectory()) return asIs
  const source = withoutBom(await readFile(path, 'utf8'))
  // JSONL as the loader knows it (by extension, or by content under another name).
  if (!isJsonLines(path, source)) return asIs
  const rows: Array<{ row: Record<string, unknown>; line: number }> = []
  for (const { value: row, line } of jsonLines(source, (n) => new InputError(`--kb ${basename(path)}:${n}: not valid JSON`))) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new InputError(`--kb ${basename(path)}:${line}: expected a JSON object (a document)`)
    rows.push({ row: row as Record<string, unknown>, line })
  }
  let rewritten = 0
  // A repeated id would quietly replace the earlier document when ingested.
  const lineOf = new Map<string, number>()
  for (const { row, line } of rows) {
    const key = row.doc_id !== undefined ? 'doc_id' : 'id'
    const value = row[key]
    // Rewritten, a missing id (or an object's "[object Object]") would become an invented one that no case can expect.
    if (!(typeof value === 'number' || (typeof value === 'string' && value.trim()))) throw new InputError(`--kb ${basename(path)}:${line}: "doc_id" (or "id") must be a non-empty string or a number`)
    const id = String(value)
    const earlier = lineOf.get(id)
    if (earlier !== undefined) throw new InputError(`--kb ${basename(path)}:${line}: id "${id}" repeats the document on line ${earlier}`)
    lineOf.set(id, line)
    const safe = safeDocId(id, isValidId)
    if (safe !== id) {
      row[key] = safe
      if (row.title === undefined) row.title = id
      rewritten++
    }
  }
  if (rewritten === 0) return asIs
  const dir = await mkdtemp(join(tmpdir(), 'parley-eval-kb-'))
  const copy = join(dir, 'kb.jsonl')
  await writeFile(copy, rows.map(({ row }) => JSON.stringify(row)).join('\n') + '\n')
  return {
    path: copy,
    rewritten,
    mapCases: (cases) => cases.map((c) => (c.expected.doc_ids ? { ...c, expected: { ...c.expected, doc_ids: c.expected.doc_ids.map((d) => safeDocId(d, isValidId)) } } : c)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}

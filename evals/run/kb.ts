/**
 * Public knowledge bases may use document ids the ingest refuses (doc2dial's are page titles with
 * spaces and '#'). For a JSONL source with such ids, a copy with rewritten ids is written to a
 * temporary folder outside the project, and the same mapping is applied to the cases' doc_ids.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DocumentInput } from '../../src/knowledge/document.js'
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
  const asIs: PreparedKb = { path, rewritten: 0, mapCases: (c) => c, cleanup: async () => {} }
  if (!path.endsWith('.jsonl') || (await stat(path)).isDirectory()) return asIs
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim())
  const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  let rewritten = 0
  for (const row of rows) {
    const key = row.doc_id !== undefined ? 'doc_id' : 'id'
    const id = String(row[key] ?? '')
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
  await writeFile(copy, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
  return {
    path: copy,
    rewritten,
    mapCases: (cases) => cases.map((c) => (c.expected.doc_ids ? { ...c, expected: { ...c.expected, doc_ids: c.expected.doc_ids.map((d) => safeDocId(d, isValidId)) } } : c)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}

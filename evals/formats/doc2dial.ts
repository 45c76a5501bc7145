/**
 * doc2dial (Feng et al. 2020) reading-comprehension rows: `{id, question, doc_id, answers, ...}`.
 * Each question expects an answer grounded in its document: route answer, doc_ids [doc_id] and
 * answer_span answers[0]. Only the question is sent (the file has no dialogue history text),
 * so later-turn questions are harder than in the original task. Pair with `--kb .../kb_docs.jsonl`.
 */
import type { EvalCase, LoadedSet } from '../types.js'
import { InputError } from '../input-error.js'
import { jsonLines } from '../../src/json-lines.js'

/** Rows with doc2dial's fields; parseDoc2dial checks their values, so a bad one is named by its line. */
export function isDoc2dialRow(row: unknown): boolean {
  return !!row && typeof row === 'object' && ['question', 'doc_id', 'answers'].every((k) => k in row)
}

interface Row {
  id?: unknown
  question: string
  doc_id: string
  answers: string[]
}

/** What is wrong with a row, if anything. As in Parley case files, an id is a non-empty string or a number. */
function rowProblem(row: Record<string, unknown> | null): string | undefined {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return 'expected a JSON object'
  if (typeof row.question !== 'string' || !row.question.trim()) return '"question" must be a non-empty string'
  if (typeof row.doc_id !== 'string' || !row.doc_id.trim()) return '"doc_id" must be a non-empty string'
  if (!Array.isArray(row.answers) || !row.answers.every((a) => typeof a === 'string')) return '"answers" must be a list of strings'
  const id = row.id
  if (id !== undefined && id !== null && typeof id !== 'number' && !(typeof id === 'string' && id)) return '"id" must be a non-empty string or a number'
}

export function parseDoc2dial(source: string): LoadedSet {
  const cases: EvalCase[] = []
  const seen = new Set<string>()
  for (const { value, line } of jsonLines(source, (n) => new InputError(`doc2dial:${n}: not valid JSON`))) {
    const raw = value as Record<string, unknown> | null
    const problem = rowProblem(raw)
    if (problem) throw new InputError(`doc2dial:${line}: ${problem}`)
    const row = raw as unknown as Row
    const span = row.answers.find((a) => a.trim())?.trim()
    // A numeric id is read as its string (as in Parley case files), and an id names one case.
    const id = row.id === undefined || row.id === null ? `doc2dial-${line}` : String(row.id)
    if (seen.has(id)) throw new InputError(`doc2dial:${line}: duplicate id ${id}`)
    seen.add(id)
    cases.push({
      id,
      lang: 'en',
      turns: [row.question],
      expected: { route: 'answer', doc_ids: [row.doc_id], ...(span ? { answer_span: span } : {}) },
    })
  }
  return { format: 'doc2dial', cases, notes: ['questions sent without their dialogue history'] }
}

/**
 * doc2dial (Feng et al. 2020) reading-comprehension rows: `{id, question, doc_id, answers, ...}`.
 * Each question expects an answer grounded in its document: route answer, doc_ids [doc_id] and
 * answer_span answers[0]. Only the question is sent (the file has no dialogue history text),
 * so later-turn questions are harder than in the original task. Pair with `--kb .../kb_docs.jsonl`.
 */
import type { EvalCase, LoadedSet } from '../types.js'
import { InputError } from '../input-error.js'

export function isDoc2dialRow(row: unknown): boolean {
  const r = row as Record<string, unknown>
  return !!r && typeof r.question === 'string' && typeof r.doc_id === 'string' && Array.isArray(r.answers) && r.answers.every((a) => typeof a === 'string')
}

export function parseDoc2dial(source: string): LoadedSet {
  const cases: EvalCase[] = []
  const seen = new Set<string>()
  for (const [i, line] of source.split('\n').entries()) {
    if (!line.trim()) continue
    let row: { id?: string | number | null; question: string; doc_id: string; answers: string[] }
    try {
      row = JSON.parse(line)
    } catch {
      throw new InputError(`doc2dial:${i + 1}: not valid JSON`)
    }
    if (!isDoc2dialRow(row)) throw new InputError(`doc2dial:${i + 1}: needs "question", "doc_id" and "answers" (a list of strings)`)
    const span = row.answers.find((a) => a.trim())?.trim()
    // As in Parley case files, a numeric id is read as its string, and an id names one case.
    const id = row.id === undefined || row.id === null ? `doc2dial-${i + 1}` : String(row.id)
    if (seen.has(id)) throw new InputError(`doc2dial:${i + 1}: duplicate id ${id}`)
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

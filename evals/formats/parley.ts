/**
 * Parley's own case file, JSONL: `{"id", "lang"?, "input" | "messages": [{role, text}], "expected": {...}}`.
 * For `messages`, every customer message is sent in order and the last one is scored; other roles are context
 * the pipeline produces itself, so they are not sent.
 */
import { z } from 'zod'
import { describeIssues } from '../../src/issues.js'
import type { EvalCase, LoadedSet } from '../types.js'
import { InputError } from '../input-error.js'
import { jsonLines } from '../../src/json-lines.js'

const ExpectedSchema = z
  .object({
    intent: z.string().min(1).optional(),
    route: z.enum(['answer', 'handoff']).optional(),
    sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
    doc_ids: z.array(z.string().min(1)).min(1).optional(),
    answer_contains: z.array(z.string().min(1)).min(1).optional(),
    answer_span: z.string().min(1).optional(),
    blocked: z.boolean().optional(),
  })
  .strict()

/** Roles as chat exports write them, in any case: the customer's messages are sent, the others are context. */
const CUSTOMER_ROLES = ['customer', 'user']
const OTHER_ROLES = ['bot', 'assistant', 'agent']
const Role = z
  .string()
  .transform((r) => r.trim().toLowerCase())
  .refine((r) => CUSTOMER_ROLES.includes(r) || OTHER_ROLES.includes(r), `must be one of ${[...CUSTOMER_ROLES, ...OTHER_ROLES].join(', ')}`)

const CaseSchema = z
  .object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    lang: z.enum(['en', 'zh']).optional(),
    input: z.string().trim().min(1).optional(),
    messages: z.array(z.object({ role: Role, text: z.string().trim().min(1) })).min(1).optional(),
    expected: ExpectedSchema,
    sentiment_mode: z.enum(['label', 'polarity']).optional(),
  })
  .passthrough()
  .refine((c) => (c.input === undefined) !== (c.messages === undefined), 'needs exactly one of "input" and "messages"')

export function parseParleyCases(source: string, name = 'cases'): LoadedSet {
  const cases: EvalCase[] = []
  const seen = new Set<string>()
  for (const { value: raw, line } of jsonLines(source, (n) => new InputError(`${name}:${n}: not valid JSON`))) {
    const parsed = CaseSchema.safeParse(raw)
    if (!parsed.success) throw new InputError(`${name}:${line}: ${describeIssues(parsed.error.issues, 'case')}`)
    const c = parsed.data
    // A case that states nothing would count as wrong, with no check to say why.
    if (Object.keys(c.expected).length === 0) throw new InputError(`${name}:${line}: "expected" states nothing to check (give intent, route, sentiment, doc_ids, answer_contains, answer_span or blocked)`)
    if (seen.has(c.id)) throw new InputError(`${name}:${line}: duplicate id ${c.id}`)
    seen.add(c.id)
    const turns = c.input !== undefined ? [c.input] : c.messages!.filter((m) => CUSTOMER_ROLES.includes(m.role)).map((m) => m.text)
    if (turns.length === 0) throw new InputError(`${name}:${line}: "messages" has no customer message`)
    cases.push({ id: c.id, lang: c.lang, turns, expected: c.expected, sentimentMode: c.sentiment_mode ?? 'label' })
  }
  return { format: 'parley', cases, notes: [] }
}

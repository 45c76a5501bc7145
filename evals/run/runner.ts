/**
 * Runs cases through the real turn pipeline: one new conversation per case (and per run), the
 * earlier customer messages sent first, the last one scored.
 */
import type { AppDeps } from '../../src/deps.js'
import { conversations } from '../../src/db/schema/conversations.js'
import { customerText } from '../../src/text/customer-text.js'
import { detectLang } from '../../src/text/lang.js'
import { truncate } from '../../src/text/truncate.js'
import { runTurn, type TurnResult } from '../../src/turn/turn.js'
import type { CaseRun, EvalCase, Got } from '../types.js'

export function gotFrom(result: TurnResult): Got {
  const { reply, stages } = result
  return {
    message: reply.message,
    intent: reply.intent.name,
    intent_confidence: reply.intent.confidence,
    route: reply.route,
    route_reasons: stages.route.reasons,
    sentiment: reply.sentiment.label as Got['sentiment'],
    sentiment_score: reply.sentiment.score,
    blocked: reply.blocked,
    cited_doc_ids: [...new Set(reply.citations.map((c) => c.doc_id))],
    retrieved_doc_ids: [...new Set((stages.retrieval?.hits ?? []).map((h) => h.docId))],
  }
}

const EMPTY_GOT: Got = {
  message: null,
  intent: '',
  intent_confidence: 0,
  route: 'handoff',
  route_reasons: ['error'],
  sentiment: 'neutral',
  sentiment_score: 0,
  blocked: false,
  cited_doc_ids: [],
  retrieved_doc_ids: [],
}

/**
 * A customer message as the HTTP API passes it to the turn (cleaned and trimmed, see customer-text.ts),
 * without its length limit: a longer input is still run whole, and counted in the report's notes.
 */
const apiText = customerText(Number.MAX_SAFE_INTEGER)

/** A case with its customer messages cleaned once, as the API would: counted (countTooLong), then sent (runCase). */
export interface CleanedCase extends EvalCase {
  sent: Array<ReturnType<typeof apiText.safeParse>>
}

export function cleanCases(cases: EvalCase[]): CleanedCase[] {
  return cases.map((c) => ({ ...c, sent: c.turns.map((t) => apiText.safeParse(t)) }))
}

/** The message the API would run; an error (as the API's 400) when nothing is left of it. */
function sentText(cleaned: CleanedCase['sent'][number]): string {
  if (!cleaned.success) throw new Error(`input refused by the API: ${cleaned.error.issues[0].message}`)
  return cleaned.data
}

/** Customer messages the API would refuse as longer than `max` characters. */
export function countTooLong(cases: CleanedCase[], max: number): number {
  return cases.flatMap((c) => c.sent).filter((t) => (t.data?.length ?? 0) > max).length
}

/** An error on one line of at most `max` characters: a failed query's message is the whole SQL statement. */
export function errorLine(err: unknown, max = 300): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `${err.cause.message} (in: ${err.message})` : undefined
  const text = (cause ?? (err instanceof Error ? err.message : String(err))).replace(/\s+/g, ' ').trim()
  return truncate(text, max, '…')
}

export async function runCase(deps: AppDeps, c: CleanedCase, run: number): Promise<CaseRun> {
  const tenantId = deps.config.DEFAULT_TENANT
  const input = c.turns[c.turns.length - 1]
  const base = { id: c.id, run, lang: c.lang ?? detectLang(input), input, expected: c.expected, sentimentMode: c.sentimentMode ?? 'label' } as const
  try {
    const conversationId = crypto.randomUUID()
    await deps.db.insert(conversations).values({ id: conversationId, tenantId, metadata: { eval: c.id } })
    let last: TurnResult | undefined
    for (const cleaned of c.sent) last = await runTurn(deps, { tenantId, conversationId, text: sentText(cleaned) })
    return { ...base, got: gotFrom(last!), latencyMs: last!.latencyMs }
  } catch (err) {
    return { ...base, got: EMPTY_GOT, latencyMs: 0, error: errorLine(err) }
  }
}

/**
 * The first turns of a process are slow (JIT, caches: 300-580 ms against a p50 near 20 ms), which is
 * the p95 of a small set. A few turns of the first cases are run untimed first, in a conversation of their own.
 */
async function warmUp(deps: AppDeps, cases: CleanedCase[], turns = 3): Promise<void> {
  const texts = cases.flatMap((c) => c.turns).slice(0, turns)
  const sent = cases.flatMap((c) => c.sent).slice(0, turns)
  await runCase(deps, { id: 'warm-up', turns: texts, sent, expected: {} }, 0)
}

export async function runCases(deps: AppDeps, cases: CleanedCase[], opts: { runs?: number; onCase?: (done: number, total: number) => void } = {}): Promise<CaseRun[]> {
  const runs = opts.runs ?? 1
  const out: CaseRun[] = []
  const total = cases.length * runs
  if (cases.length) await warmUp(deps, cases)
  for (let r = 0; r < runs; r++) {
    for (const c of cases) {
      out.push(await runCase(deps, c, r))
      opts.onCase?.(out.length, total)
    }
  }
  return out
}

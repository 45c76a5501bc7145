/**
 * Runs cases through the real turn pipeline: one new conversation per case (and per run), the
 * earlier customer messages sent first, the last one scored.
 */
import type { AppDeps } from '../../src/deps.js'
import { conversations } from '../../src/db/schema/conversations.js'
import { detectLang } from '../../src/text/lang.js'
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

export async function runCase(deps: AppDeps, c: EvalCase, run: number): Promise<CaseRun> {
  const tenantId = deps.config.DEFAULT_TENANT
  const input = c.turns[c.turns.length - 1]
  const base = { id: c.id, run, lang: c.lang ?? detectLang(input), input, expected: c.expected, sentimentMode: c.sentimentMode ?? 'label' } as const
  try {
    const conversationId = crypto.randomUUID()
    await deps.db.insert(conversations).values({ id: conversationId, tenantId, metadata: { eval: c.id } })
    let last: TurnResult | undefined
    for (const text of c.turns) last = await runTurn(deps, { tenantId, conversationId, text })
    return { ...base, got: gotFrom(last!), latencyMs: last!.latencyMs }
  } catch (err) {
    return { ...base, got: EMPTY_GOT, latencyMs: 0, error: err instanceof Error ? err.message : String(err) }
  }
}

export async function runCases(deps: AppDeps, cases: EvalCase[], opts: { runs?: number; onCase?: (done: number, total: number) => void } = {}): Promise<CaseRun[]> {
  const runs = opts.runs ?? 1
  const out: CaseRun[] = []
  const total = cases.length * runs
  for (let r = 0; r < runs; r++) {
    for (const c of cases) {
      out.push(await runCase(deps, c, r))
      opts.onCase?.(out.length, total)
    }
  }
  return out
}

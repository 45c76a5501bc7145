/**
 * One customer message, start to finish. Reads top to bottom as the product describes it:
 * check the input, read sentiment and intent, retrieve, answer with citations, assess confidence,
 * check the output, then reply or hand off, and store all of it in one transaction.
 */
import type { Answer, Lang } from '../models/types.js'
import { detectLang } from '../text/lang.js'
import { reasonCategory, summarizeConversation, type HandoffPacket } from '../handoff/packet.js'
import { publishTurn, turnSlaDueAt, turnSupportHours, type TurnHooks } from '../handoff/turn-events.js'
import { awayUntil } from '../handoff/hours.js'
import type { TurnDeps } from './deps.js'
import { checkInput, type InputCheck } from './stages/input-check.js'
import { detectSentiment, type SentimentStage } from './stages/sentiment.js'
import { detectIntent, type IntentStage } from './stages/intent.js'
import { followUpQuery } from './stages/follow-up.js'
import { spellOut } from './stages/spelling.js'
import { retrieve, type RetrievalStage } from './stages/retrieve.js'
import { composeAnswer, smalltalkReply } from './stages/answer.js'
import { askedToClarify, clarifyReply, isUnclear } from './stages/clarify.js'
import { assessConfidence, retrievalLowReasons, type ConfidenceStage } from './stages/confidence.js'
import { checkedStream, checkOutput } from './stages/output-check.js'
import { decideRoute, type RouteDecision } from './stages/route.js'
import { isRepeatedQuestion } from './stages/repetition.js'
import { loadConversation, saveTurn, type ConversationContext, type StoredTurn, type TurnRecord } from './store.js'
import { DEFAULT_RESILIENCE, guardModels, type TurnResilience } from './resilience.js'
import type { CheckResult } from '../compliance/types.js'
import type { Db } from '../db/client.js'
import { stageTimer, type StageHooks } from '../ops/stages.js'

export interface TurnInput {
  tenantId: string
  conversationId: string
  text: string
}

/** The reply as the customer API returns it. */
export interface TurnReply {
  conversation_id: string
  message_id: string
  reply_id: string | null
  /** Null while a person has the conversation: the bot stays silent. */
  message: string | null
  citations: Array<{ doc_id: string; title: string; url: string | null; snippet: string }>
  intent: { name: string; confidence: number }
  sentiment: { label: string; score: number }
  route: 'answer' | 'handoff'
  /** `available_from`: outside support hours, when a person will be there to reply. */
  handoff?: { id: string | null; reason: string; priority: 'urgent' | 'normal'; available_from?: string }
  blocked: boolean
  ai_generated: true
}

export interface TurnResult {
  reply: TurnReply
  stages: {
    input: InputCheck
    sentiment: SentimentStage
    intent: IntentStage
    retrieval: RetrievalStage | null
    answer: Answer | null
    confidence: ConfidenceStage | null
    output: CheckResult | null
    route: RouteDecision
  }
  stored: StoredTurn
  latencyMs: number
}

export interface TurnOptions {
  /** Budget, retries and local fallbacks for provider faults (default: 3 s, 2 retries, no fallbacks). */
  resilience?: TurnResilience
  /** Written in the turn's own transaction (e.g. an idempotency record): both commit or neither. */
  storeWith?: (tx: Db, reply: TurnReply) => Promise<void>
  /** Receives checked reply text as it is released (SSE). Without it the reply is returned whole. */
  onText?: (text: string) => void
  /** The conversation as the caller already loaded it (the route's access check), saving a read. */
  conversation?: ConversationContext
}

export class ConversationNotFound extends Error {}

const EMPTY_RETRIEVAL: RetrievalStage = { hits: [], dropped: [], closeness: 0, termCoverage: 1 }

export async function runTurn(deps: TurnDeps & TurnHooks & StageHooks, input: TurnInput, options: TurnOptions = {}): Promise<TurnResult> {
  const started = performance.now()
  // Times each stage for metrics and debug logs when the app asks for it (deps.onStage).
  const stage = stageTimer(deps)
  // Provider calls below share the turn's budget; transient faults are retried, then fall back.
  const models = guardModels(deps, options.resilience ?? DEFAULT_RESILIENCE)
  const conversation = options.conversation ?? (await loadConversation(deps.db, input.tenantId, input.conversationId, deps.vault))
  if (!conversation) throw new ConversationNotFound(input.conversationId)
  const lang: Lang = detectLang(input.text)
  const customerTexts = [...conversation.history.filter((m) => m.role === 'customer').map((m) => m.text), input.text]

  // 1. Input compliance: PII is masked before anything is stored; injections and unsafe content stop here.
  const inputCheck = await stage.run('input_check', () => checkInput(deps.compliance, input.text, lang))
  // The models read the message as it is stored, PII masked (a model endpoint is a third party: no
  // card number or e-mail goes there), with likely typos spelled out; what is checked is as typed.
  const { text } = await stage.run('spelling', () => spellOut(deps, input.tenantId, inputCheck.masked))
  const followUp = followUpQuery(text, conversation.history, deps.routing.followUpMaxTerms)
  // 2-3. Sentiment and intent, side by side.
  const [sentiment, intent] = await Promise.all([
    stage.run('sentiment', () => detectSentiment(models.sentiment, text, lang, conversation.previousSentiment, deps.routing)),
    stage.run('intent', () => detectIntent(models.intents, text, lang, { query: followUp, unsureBelow: deps.routing.minIntentConfidence, askMinTerms: deps.routing.smalltalkAskMinTerms, sureSmalltalkQuestion: deps.routing.smalltalkQuestionConfidence })),
  ])

  // Classifying each passage is cheap with the local model only (so it needs no provider guard);
  // a remote model reads the passages itself.
  const intentRerank = deps.providers.name === 'local' ? { question: intent, classifier: deps.intents.passages ?? deps.intents.classifier, weight: deps.routing.intentRerankWeight, pool: deps.routing.intentRerankPool } : undefined
  const escalation = deps.escalation(text)
  // "I want to talk to a person" goes to a person whatever the knowledge base holds, and has no topic to
  // look up: passages found for it would fill the agent's packet with articles nobody asked about.
  const nothingToLookUp = escalation.nothingElse && (escalation.humanRequested || escalation.legalThreat)
  const skipsKnowledge = inputCheck.blocked || inputCheck.handoff !== null || conversation.status === 'handoff' || nothingToLookUp
  const isSmalltalk = intent.route === 'smalltalk' && intent.confidence >= deps.routing.minIntentConfidence
  const routeInput = {
    input: inputCheck,
    sentiment,
    intent,
    escalation,
    handoffIntentConfidence: deps.routing.handoffIntentConfidence,
    repeatedQuestion: !isSmalltalk && isRepeatedQuestion(input.text, conversation.history, deps.routing.loopSimilarity),
  }
  let retrieval: RetrievalStage | null = null
  let answer: Answer | null = null
  let confidence: ConfidenceStage | null = null
  let output: CheckResult | null = null
  let providerFailed = false

  // A follow-up read with the message it carries on from is searched and answered that way too.
  // The phrases asking for a person are no part of the topic: "talk to a human about my refund" is searched as "my refund".
  const query = intent.inContext && followUp ? followUp : escalation.nothingElse ? text : escalation.topic

  // Small talk gets its reply; a message with nothing to look up is asked what it needs, once:
  // asked already, a person takes over.
  const unclear = !skipsKnowledge && !isSmalltalk && isUnclear(text)
  if (unclear && askedToClarify(conversation.history, deps.replies.clarify)) {
    confidence = { score: 0, lowReasons: ['no_answer'] }
  } else if (!skipsKnowledge && (isSmalltalk || unclear)) {
    answer = isSmalltalk ? smalltalkReply(deps.replies, intent, lang) : clarifyReply(deps.replies, text, lang, conversation.lang)
    output = await stage.run('output_check', () => checkOutput(deps.compliance, answer!.text, { lang, customerTexts }))
    if (output.text) options.onText?.(output.text)
  } else if (!skipsKnowledge) {
    // 4. Retrieval.
    try {
      retrieval = await stage.run('retrieval', () => retrieve({ ...deps, embedder: models.embedder }, input.tenantId, { text: query, lang }, deps.routing.retrievalK, intentRerank))
    } catch (error) {
      // Without the query's embedding there is nothing to rank by similarity: nothing is retrieved.
      if (!models.degraded.has('embedding')) throw error
      retrieval = EMPTY_RETRIEVAL
    }
    // 5. Answer with citations. When someone is listening and nothing known so far calls for a
    // person, it streams through the output check (7): only checked sentences are released.
    const retrievalOnly = { score: 1, lowReasons: retrievalLowReasons(retrieval, intent, deps.routing) }
    const likelyAnswer = decideRoute({ ...routeInput, confidence: retrievalOnly, output: null, providerFailed: false }).route === 'answer'
    // The passages as the answerer reads them, title and URL included: an answer's figures must come from there.
    const publishedTexts = retrieval.hits.map((h) => [h.title, h.url, h.text].filter(Boolean).join('\n'))
    // What the bot and agents said before is history the answerer reads: it may repeat those figures.
    const repliedTexts = conversation.history.filter((m) => m.role === 'bot' || m.role === 'agent').map((m) => m.text)
    const outputContext = { lang, customerTexts, publishedTexts, repliedTexts }
    const stream = options.onText && likelyAnswer ? checkedStream(deps.compliance, outputContext, options.onText) : null
    try {
      const passages = retrieval.hits
      answer = await stage.run('answer', () => composeAnswer(
        models.answerer,
        { question: query, lang, passages, history: conversation.history.filter((m) => m.role !== 'system') as never },
        stream?.push,
      ))
    } catch {
      providerFailed = true
      answer = { text: '', citations: [], coverage: 0 }
    }
    // 6. Confidence.
    confidence = stage.sync('confidence', () => assessConfidence({ intent, retrieval: retrieval!, answer: answer! }, deps.routing))
    // A failed provider is a reason to hand off only when the local fallback is not confident on its own.
    const providerDegraded = models.degraded.has('embedding') || models.degraded.has('answer')
    if (providerDegraded && confidence.lowReasons.length > 0) providerFailed = true
    // 7. Output compliance: nothing leaves unchecked.
    const answerText = answer.text
    if (stream) output = await stage.run('output_check', () => stream.end(!providerFailed))
    else if (answerText) output = await stage.run('output_check', () => checkOutput(deps.compliance, answerText, outputContext))
  }

  // 8. Reply or hand off.
  const route = stage.sync('route', () => decideRoute({ ...routeInput, confidence, output, providerFailed }))

  const citations = route.route === 'answer' && !inputCheck.blocked ? citationsFor(retrieval?.hits ?? [], answer?.citations ?? []) : []
  const handedOffAt = new Date()
  // Outside the tenant's support hours the customer is told when a person will be there (an urgent
  // handoff is answered around the clock, so its hours are not read).
  const normalHandoff = route.route === 'handoff' && route.priority === 'normal'
  const hours = normalHandoff ? await turnSupportHours(deps, input.tenantId) : null
  const away = normalHandoff ? awayUntil(hours, 'normal', handedOffAt) : null
  const replyText = conversation.status === 'handoff'
    ? null
    : route.route === 'handoff'
      ? inputCheck.handoff?.safeReply ?? (away ? deps.replies.handoffAway[lang].replace('{opening}', away.label(lang)) : deps.replies.handoff[lang])
      : inputCheck.blocked
        ? inputCheck.decisions.find((d) => d.safeReply)?.safeReply ?? deps.replies.blocked[lang]
        : output?.text ?? answer?.text ?? deps.replies.blocked[lang]

  const packet: HandoffPacket | null = route.route === 'handoff'
    ? {
        summary: summarizeConversation(conversation.history, inputCheck.masked),
        summarySource: 'extractive',
        lastMessage: inputCheck.masked,
        intent: { name: intent.name, confidence: intent.confidence },
        sentimentTrend: sentiment.trend,
        documents: packetDocuments(retrieval?.hits ?? []),
        // A draft for the agent only when the bot would have trusted it, for a message that asks something:
        // "I want to talk to a person" (an intent routed to a person) finds passages about nothing the customer
        // asked, and a prefilled unrelated reply costs the agent time.
        draftReply: output?.action === 'block' || intent.route === 'handoff' || !confidence || confidence.lowReasons.length > 0 ? null : (output?.text ?? answer?.text) || null,
        reason: route.reasons[0],
        reasonCategory: reasonCategory(route.reasons[0]),
        reasons: route.reasons,
        priority: route.priority,
        slaDueAt: turnSlaDueAt(deps, route.priority, handedOffAt, hours).toISOString(),
      }
    : null

  const record: TurnRecord = {
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    lang,
    customerText: inputCheck.masked,
    reply: replyText === null ? null : { text: replyText, meta: { citations, route: route.route, ai_generated: true } },
    turn: {
      intent: intent.name,
      intentConfidence: intent.confidence,
      sentiment: sentiment.label,
      sentimentScore: sentiment.score,
      retrieved: (retrieval?.hits ?? []).map((h) => ({ chunkId: h.chunkId, docId: h.docId, score: h.score, similarity: h.similarity })),
      confidence: confidence?.score ?? null,
      route: route.route,
      routeReasons: route.reasons,
      compliance: [
        ...inputCheck.decisions.map((d) => ({ stage: 'input', ...d })),
        ...(output?.decisions ?? []).map((d) => ({ stage: 'output', ...d })),
      ],
      latencyMs: performance.now() - started,
    },
    handoff: packet ? { reason: packet.reason, reasons: packet.reasons, priority: packet.priority, slaDueAt: new Date(packet.slaDueAt!), packet: packet as never } : null,
  }
  const storeWith = options.storeWith
  const stored = await stage.run('store', () => storeWith
    ? deps.db.transaction(async (tx) => {
        const s = await saveTurn(tx, record, deps.vault)
        await storeWith(tx, replyFor(s))
        return s
      })
    : saveTurn(deps.db, record, deps.vault))
  if (deps.events) {
    await publishTurn(deps.db, deps.events, {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      customer: { id: stored.customerMessageId, seq: stored.customerSeq, text: inputCheck.masked },
      reply: stored.replyMessageId && replyText !== null ? { id: stored.replyMessageId, text: replyText, meta: { citations, route: route.route, ai_generated: true } } : null,
      handoffId: stored.handoffId,
      escalatedHandoffId: stored.escalatedHandoffId,
      reopened: stored.reopened,
    })
  }
  const reply = replyFor(stored)
  return { reply, stages: { input: inputCheck, sentiment, intent, retrieval, answer, confidence, output, route }, stored, latencyMs: performance.now() - started }

  function replyFor(stored: StoredTurn): TurnReply {
    const awaitingHuman = stored.awaitingHuman
    return {
      conversation_id: input.conversationId,
      message_id: stored.customerMessageId,
      reply_id: stored.replyMessageId,
      message: awaitingHuman ? null : replyText,
      citations: awaitingHuman ? [] : citations,
      intent: { name: intent.name, confidence: round(intent.confidence) },
      sentiment: { label: sentiment.label, score: round(sentiment.score) },
      route: awaitingHuman ? 'handoff' : route.route,
      ...(awaitingHuman
        ? { handoff: { id: stored.openHandoff?.id ?? null, reason: 'awaiting_human', priority: stored.openHandoff?.priority ?? ('normal' as const) } }
        : route.route === 'handoff'
          ? { handoff: { id: stored.handoffId, reason: route.reasons[0], priority: route.priority, ...(away ? { available_from: away.until.toISOString() } : {}) } }
          : {}),
      blocked: inputCheck.blocked,
      ai_generated: true,
    }
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000

/** The documents behind the passages found, each once, best first: the agent reads articles, not chunks. */
function packetDocuments(hits: RetrievalStage['hits']): HandoffPacket['documents'] {
  const seen = new Set<string>()
  return hits.filter((h) => !seen.has(h.docId) && seen.add(h.docId)).map((h) => ({ docId: h.docId, title: h.title, url: h.url, similarity: h.similarity }))
}

/** One citation per cited document, in the order the answer first used it (its `[k]` markers count the same way), with the snippets it used. */
function citationsFor(hits: RetrievalStage['hits'], used: Answer['citations']): TurnReply['citations'] {
  const byDoc = new Map<string, TurnReply['citations'][number]>()
  for (const { chunkId, snippet } of used) {
    const hit = hits.find((h) => h.chunkId === chunkId)
    if (!hit) continue
    const seen = byDoc.get(hit.docId)
    if (seen) seen.snippet = `${seen.snippet} ${snippet}`
    else byDoc.set(hit.docId, { doc_id: hit.docId, title: hit.title, url: hit.url, snippet })
  }
  return [...byDoc.values()]
}

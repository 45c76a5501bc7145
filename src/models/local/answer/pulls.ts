/**
 * Sentences an answer needs whether or not they match the question best: the figure or step asked for, the items
 * to send, what happens next, a code the customer names, the limit that decides a time they state. Each is fetched
 * by what it says when no chosen sentence says it, and joins in place of the weakest supports if the sentence count
 * or the length budget is short.
 */
import { codesIn, factKinds, namesCode, statesFact, statesOutcome, type AnswerKind } from './answer-type.js'
import { LIST_BUDGET, listAfter, type Candidate } from './candidate.js'
import type { Selection } from './selection.js'
import { decidingLimit, durationsInDays } from './stated-time.js'

/** The answer being built, as the pulls see it. */
export interface Draft {
  question: string
  kinds: AnswerKind[]
  best: Candidate
  /** Every sentence of the passages read, best match first. */
  candidates: Candidate[]
  bySequence: Candidate[][]
  chosen: Selection<Candidate>
  maxSentences: number
  docOf(c: Candidate): string
  /** Retrieval's top document (its ranking weighs the question's intent, which the sentence match does not). */
  topDoc: string
  /** May join the reply: no heading, and in the best sentence's language. */
  readsAlong(c: Candidate): boolean
}

/**
 * How close to the best sentence one stating the figure or step asked for (none chosen does) must score. A
 * problem the article's opening restates wants the article's steps, which seldom repeat its words: any will do.
 */
const FACT_PULL = 0.3
/** The same for a figure from another document, when the best document states none. */
const FACT_PULL_OTHER_DOC = 0.4

/** Adds a sentence the answer needs, dropping the weakest supports if the count or the budget is short. */
function addInPlaceOfWeakest(d: Draft, needed: Candidate | undefined): void {
  const { chosen } = d
  while (needed && chosen.size > 1 && (chosen.size >= d.maxSentences || !chosen.fits(needed))) chosen.dropLast()
  if (needed && chosen.fits(needed)) chosen.add(needed)
}

const inBestDoc = (d: Draft, c: Candidate) => d.docOf(c) === d.docOf(d.best)
/** A sentence of the best document that reads along with the answer: where a needed sentence is pulled from. */
const alongInBestDoc = (d: Draft, c: Candidate) => d.readsAlong(c) && inBestDoc(d, c)

/**
 * "How long does it take?" is answered by a figure, "what should I do?" by a step: when no chosen sentence carries
 * one of the `wanted` kinds, the best sentence of the same document that does comes along (any, for an `opening`
 * restating a problem). A figure may come from another retrieved document when the best one states none (a fee asked
 * for is often in the policy, not the how-to), but it needs a higher bar, since another document's figure may be
 * about something else.
 */
export function pullFact(d: Draft, wanted: AnswerKind[], opening: boolean): void {
  if (!wanted.length || d.chosen.items.some((c) => statesFact(wanted, c.text))) return
  const carries = (c: Candidate, bar: number) => d.readsAlong(c) && c.score >= d.best.score * bar && statesFact(wanted, c.text)
  const figures = factKinds(wanted)
  const fact =
    d.candidates.find((c) => carries(c, opening ? 0 : FACT_PULL) && inBestDoc(d, c)) ??
    d.candidates.find((c) => carries(c, FACT_PULL_OTHER_DOC) && statesFact(figures, c.text))
  addInPlaceOfWeakest(d, fact)
}

/**
 * "What do you need from me?" is answered by the items to send, listed after a lead-in ("Please contact us within
 * 7 days. Include:", 需要提供：). The lead-in and its list come along when no chosen sentence asks for items: from
 * the best document, which is about the question, or else from retrieval's top document (the damaged-items page,
 * when the wiring page's sentence matched "The thermostat box arrived crushed" best) when its list matches as well
 * as another document's figure must. Another page's list (the ID papers for a lost phone number) is about
 * something else.
 */
export function pullRequirementList(d: Draft): void {
  const { chosen, best } = d
  if (!d.kinds.includes('requirement') || chosen.items.some((c) => statesFact(['requirement'], c.text))) return
  const listOf = (lead: Candidate) => listAfter(lead, d.bySequence[lead.sequence])
  const qualifies = (lead: Candidate, bar: number) =>
    lead.lang === best.lang && statesFact(['requirement'], lead.text) && [lead, ...listOf(lead)].some((l) => l.score >= best.score * bar)
  const lead =
    d.candidates.find((c) => qualifies(c, 0) && inBestDoc(d, c)) ??
    d.candidates.find((c) => qualifies(c, FACT_PULL_OTHER_DOC) && d.docOf(c) === d.topDoc)
  if (!lead) return
  // The sentence the lead-in ends ("Please contact us within 7 days of delivery. Include:") says where to send them.
  const before = d.bySequence[lead.sequence][lead.index - 1]
  const opener = before && !before.fragment && !before.endsLine && before.passage === lead.passage ? [before] : []
  const group = [...opener, lead, ...listOf(lead)].filter((c) => !chosen.has(c))
  const length = group.reduce((n, c) => n + c.text.length, 0)
  while (chosen.size > 1 && chosen.length + length > chosen.budget * LIST_BUDGET) chosen.dropLast()
  if (chosen.length + length <= chosen.budget * LIST_BUDGET) group.forEach((c) => chosen.add(c))
}

/**
 * For a problem told, not asked: what happens next, when the best document says ("The pending authorization drops
 * off automatically within 3-5 business days.", 系统会…在 24 小时内…原路退回).
 */
export function pullOutcome(d: Draft): void {
  if (d.chosen.items.some((c) => statesOutcome(c.text))) return
  addInPlaceOfWeakest(d, d.candidates.find((c) => alongInBestDoc(d, c) && statesOutcome(c.text)))
}

/**
 * A code the customer names (W1, E04, A19) is what the question turns on: the best document's sentence naming
 * it comes along when no chosen one does (温控器的W1端子是接什么的 -> "W1/W2：制热一级/二级").
 */
export function pullNamedCodes(d: Draft): void {
  for (const code of codesIn(d.question)) {
    if (d.chosen.items.some((c) => namesCode(c.text, code))) continue
    addInPlaceOfWeakest(d, d.candidates.find((c) => alongInBestDoc(d, c) && namesCode(c.text, code)))
  }
}

/**
 * "买了十天的灯泡坏了，还能换吗": a time the customer states, asking whether something is still possible (or asking
 * nothing), is decided by one of the best document's limits (see stated-time.ts); the sentence stating it comes
 * along when no chosen one does. A limit of another order of magnitude ("rock solid for a year" against "an
 * update takes 10 minutes") decides nothing.
 */
export function pullDecidingLimit(d: Draft, asks: boolean): void {
  const stated = d.kinds.includes('permission') || !asks ? durationsInDays(d.question)[0] : undefined
  if (stated === undefined) return
  // Each sentence's durations, parsed once: they are read for the limit and again for the sentence stating it.
  const limits = new Map(d.candidates.filter((c) => alongInBestDoc(d, c)).map((c) => [c, durationsInDays(c.text)]))
  const deciding = decidingLimit(stated, [...limits.values()].flat())
  if (deciding === undefined || deciding * 10 < stated || deciding > stated * 10) return
  const decides = (c: Candidate) => (limits.get(c) ?? durationsInDays(c.text)).includes(deciding)
  if (!d.chosen.items.some(decides)) addInPlaceOfWeakest(d, [...limits.keys()].find(decides))
}

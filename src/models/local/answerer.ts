/**
 * Extractive answerer: picks the passage sentences that best match the question and quotes them,
 * so every answer sentence is supported by a cited passage (coverage 1.0). When no passage says
 * anything about the question it returns an empty answer and the pipeline hands off.
 */
import type { Answer, AnswerCitation, AnswerRequest, Answerer, Lang, Passage } from '../types.js'
import { asksSomething } from '../../text/questions.js'
import { searchTerms } from '../../text/tokenize.js'
import { featurize, type SparseVector } from './features.js'
import { answerTypeBoost, asksForSteps, pulledKinds, questionKinds, statesFact } from './answer/answer-type.js'
import { goesOnAsList, LIST_BUDGET, LIST_GOES_ON, LIST_LINES, questionLike, type Candidate } from './answer/candidate.js'
import { LEAD_IN } from '../../text/sentences.js'
import { truncate } from '../../text/truncate.js'
import { joinedPairs, sharedTerms } from './answer/compounds.js'
import { Selection } from './answer/selection.js'
import { pullDecidingLimit, pullFact, pullNamedCodes, pullOutcome, pullRequirementList, type Draft } from './answer/pulls.js'
import { ANALYSED_CACHE, MATCH_FEATURES, MATCH_SPACE, readingOrder, rememberingAnalyser, type Analyser, type Sequence } from './answer/reading-order.js'

export interface ExtractiveOptions {
  /** Passages considered, best first. */
  maxPassages?: number
  maxSentences?: number
  /** Answer length budget in characters (Chinese is denser). */
  maxChars?: { en: number; zh: number }
  /** Minimum match score of the best sentence; below it the answer is empty. */
  minScore?: number
}

const DEFAULTS: Required<ExtractiveOptions> = { maxPassages: 4, maxSentences: 4, maxChars: { en: 350, zh: 180 }, minScore: 0.12 }
const NEAR_DUPLICATE = 0.8
/** Share of the match that is hashed-feature cosine; the rest is IDF-weighted term overlap. */
const COSINE_WEIGHT = 0.6
/** Discount for a sentence with no new terms, and the share of new terms that needs none. */
const NOVELTY_FLOOR = 0.5
const NOVELTY_ENOUGH = 0.3
/** How much of the previous sentence's match a fact-carrying sentence may take over. */
const CONTEXT = 0.7
/** How close to the best sentence a supporting one must score (its neighbour, any other). */
const SUPPORT_NEIGHBOUR = 0.45
const SUPPORT_OTHER = 0.65
/**
 * A confident best sentence (this match or more) is not joined by another document's sentence, however
 * well that one matches: it would read as a non sequitur. A weak best sentence may be hedged with others.
 * (Another document may still answer a part of the question, or state the figure asked for.)
 */
const CONFIDENT = 0.5

/** How close to the best sentence the best sentence for one of several questions must score. */
const SUPPORT_PART = 0.3
/**
 * A Chinese help center states a case and its steps in one sentence (如果密码或手机号已被他人修改，请立即联系客服…):
 * for a problem told, not asked, such a sentence weighs this much more. In English ("If you see two posted (not
 * pending) charges, …") it won 1 case and lost 1 at 1.15 on the demo suite, 2 and 1 at 1.3 with 27 replies changed.
 */
const STATES_A_CASE = /^(如果|若)/
const TOLD_CASE_BOOST = 1.15
/** Search terms of a message at most that, asking nothing, is a bare topic ("lost package", 退货流程). */
const BARE_TOPIC_TERMS = 5
/** Share of its best list line's score that a lead-in takes. */
const LEAD_IN_SHARE = 0.9
/** Longest list line or table row, as a share of the length budget; a longer line is a paragraph. */
const LIST_ITEM_SHARE = 0.5
/**
 * Share of the length budget that a sentence carrying on from a chosen one ("We can freeze the account while
 * we investigate.") may fill: cut, it leaves the reply on the problem without what is done about it. Less
 * than a list's share: in long prose (doc2dial) such sentences are long too, and a reply twice a gold span's
 * length no longer quotes it (1.5 there: 2 cases lost of 1,196, none more won on the demo suite).
 */
const CONTINUATION_BUDGET = 1.25

export function createExtractiveAnswerer(options: ExtractiveOptions = {}): Answerer {
  const opt = { ...DEFAULTS, ...options, maxChars: { ...DEFAULTS.maxChars, ...options.maxChars } }
  const analyse = rememberingAnalyser(ANALYSED_CACHE)
  const select = (req: AnswerRequest) => selectSentences(req, opt, analyse)
  const answer = async (req: AnswerRequest) => compose(req, select(req))
  return {
    answer,
    async stream(req, onText) {
      const chosen = select(req)
      const result = compose(req, chosen)
      if (result.text) for (let i = 0; i < chosen.length; i++) onText(joiner(req.lang, i) + closed(chosen[i], chosen[i + 1]))
      return result
    },
  }
}

/**
 * Starts by pointing back at what came before: a pronoun or a condition on it ("If you do not have
 * one", "In such cases", 遇到此类情况), the next step of what it describes, or a comparison with the
 * limit it states ("For larger quantities, ..."). Such a sentence is read with its predecessor.
 */
const LEANS_BACK = /^(this|that|these|those|it|they|such|then|otherwise|also|if (so|not|this|that|it|you do not|you don't|you still|that does not)|in (this|that) case|during this time|after (this|that)|we (can|will|then)|you can then|for (larger|bigger|smaller|longer|shorter|higher|lower)|(beyond|above|below|over|under) (this|that|these|those))\b|\b(during this time|in (this|that|these|those|such|such a) cases?|if this happens)\b|^((如果|如|若)?(没有|无法|不能)[^，。；]{0,12}(时|的话)|(如果|如|若)[^，。；]{0,12}(仍|依然|依旧|还是)|(遇到|出现|发生)(此类|这类|这种|类似)|这|此|该|如果没有|如没有|若没有|否则|然后|随后|之后|此时|这时|届时|我们会|我们将)/i
/** Starts in lower case: the rest of a sentence the splitter cut at a semicolon. */
const CLAUSE_GOES_ON = /^[a-z]/
const leansBack = (text: string) => LEANS_BACK.test(text) || CLAUSE_GOES_ON.test(text)

/**
 * Scores every sentence of the top passages and keeps the best few, within the length budget.
 * A heading or an FAQ question that matches passes its match on to the sentence under it: the
 * customer's question is usually answered right after the passage's own version of it.
 */
function selectSentences(req: AnswerRequest, opt: Required<ExtractiveOptions>, analyse: Analyser): Candidate[] {
  const split = readingOrder(req.passages, opt.maxPassages, analyse)
  const weigh = idfWeights(split.flatMap((s) => s.units.map((u) => u.terms)))
  const bySequence = scoreSentences(req.question, split, weigh)
  const candidates = bySequence.flat()
  // "How long does it take? Can I switch it off meanwhile?": each question wants its own sentence,
  // and so does the one question after what the customer tells first.
  const parts = subQuestions(req.question)
  const asked = parts.length ? parts : [focusQuestion(req.question)].filter((q): q is string => !!q)
  const partBests = asked.map((part) => {
    const scored = scoreSentences(part, split, weigh).flat().filter((c) => !c.fragment)
    const top = scored.reduce<Candidate | undefined>((b, c) => (!b || c.score > b.score ? c : b), undefined)
    // A sentence that answers its question confidently comes along however the whole message scores it.
    return top && { sentence: bySequence[top.sequence][top.index], answersPart: top.score >= CONFIDENT }
  })
  candidates.sort((a, b) => b.score - a.score)
  // A heading may match the question best, but the sentence under it is the answer; and a sentence
  // in the customer's language is preferred to a better one in another (a help center in both).
  const answers = (c: Candidate) => !c.fragment && c.score >= candidates[0].score * 0.5
  let best = candidates.find((c) => answers(c) && c.lang === req.lang) ?? candidates.find(answers) ?? candidates[0]
  if (!best || best.score < opt.minScore) return []
  // A heading alone answers nothing: the sentence under it (which inherits its match) does.
  if (best.fragment) best = bySequence[best.sequence].slice(best.index + 1).find((c) => !c.fragment) ?? best
  // One reply, one language: sentences of another language are never glued to the answer. Headings
  // and questions read badly in the middle of one.
  const chosen = new Selection<Candidate>(opt.maxChars[req.lang])
  const readsAlong = (c: Candidate) => !c.fragment && c.lang === best.lang
  const admissible = (c: Candidate) => !chosen.has(c) && readsAlong(c) && chosen.fits(c)
  const repeats = (c: Candidate) => chosen.items.some((k) => cosine(k.vector, c.vector) > NEAR_DUPLICATE)
  chosen.add(best)
  /** The lines after a list line that goes on, up to the one that ends the list, within `scale` times the budget. */
  const completeList = (line: Candidate, scale: number) => {
    for (let item = line; goesOnAsList(item); ) {
      const next = bySequence[item.sequence][item.index + 1]
      if (!next || next.fragment || (!chosen.has(next) && !chosen.fits(next, scale))) break
      if (!chosen.has(next)) chosen.add(next)
      item = next
    }
  }
  // The best sentence may be one item of a list that goes on ("Check the signal; ...; or ask for a
  // voice code."): the items after it, up to the one that ends the list, come along too, before
  // any support: the answer's own list comes first.
  completeList(best, LIST_BUDGET)
  // A list line or table row holds one item: the rest of the best sentence's line comes along ("Placed,
  // meaning: We received your order. You can still edit or cancel it."). A long line is a paragraph of
  // prose, whose later sentences must earn their place as supports.
  if (best.blockLines >= 2) {
    const rest: Candidate[] = []
    for (let item = best; !item.endsLine; ) {
      const next = bySequence[item.sequence][item.index + 1]
      if (!next || next.fragment || next.passage !== best.passage || next.block !== best.block) break
      rest.push(next)
      item = next
    }
    const itemLength = rest.reduce((n, c) => n + c.text.length, best.text.length)
    if (itemLength <= chosen.budget * LIST_ITEM_SHARE) for (const c of rest) if (!chosen.has(c) && chosen.fits(c)) chosen.add(c)
  }
  // "A shipped order cannot be cancelled. You have two options:": a lead-in right after the best sentence,
  // in its paragraph, opens what the best sentence leaves open, and comes along with its list as the best's own.
  const opens = bySequence[best.sequence][best.index + 1]
  const bestLead = opens && opens.passage === best.passage && opens.block === best.block && LEAD_IN.test(opens.text) && readsAlong(opens) ? opens : undefined
  if (bestLead && !chosen.has(bestLead) && chosen.fits(bestLead)) chosen.add(bestLead)
  for (const part of partBests) {
    const c = part?.sentence
    if (!c || !admissible(c) || (c.score < best.score * SUPPORT_PART && !part.answersPart) || repeats(c)) continue
    chosen.add(c)
  }
  for (const c of candidates) {
    if (chosen.size >= opt.maxSentences) break
    if (!admissible(c)) continue
    // Supporting sentences must be nearly as relevant, or be the neighbour of the best one.
    const neighbour = c.sequence === best.sequence && Math.abs(c.index - best.index) === 1
    const otherDoc = req.passages[c.passage].docId !== req.passages[best.passage].docId
    if (otherDoc && best.score >= CONFIDENT) continue
    if (c.score < best.score * (neighbour ? SUPPORT_NEIGHBOUR : SUPPORT_OTHER) || repeats(c)) continue
    chosen.add(c)
  }
  // Sentences the answer needs whatever their match (see pulls.ts): the figure or step asked for, the items to send,
  // what happens next, a code the customer names, the limit deciding a stated time.
  const kinds = questionKinds(req.question)
  const docOf = (c: Candidate) => req.passages[c.passage].docId
  const topDoc = req.passages[0].docId
  const draft: Draft = { question: req.question, kinds, best, candidates, bySequence, chosen, maxSentences: opt.maxSentences, docOf, topDoc, readsAlong }
  // A problem told rather than asked ("app cant connect to server", 账号被别人登录了) matches the
  // article's opening best, which restates the problem: the customer wants what to do about it. So does
  // a bare topic ("factory reset hub", 改收货地址), whatever it matches best: it names what to do.
  const asks = asksSomething(req.question)
  const plainTopic = (!asks || kinds.includes('action')) && !kinds.some((k) => k !== 'action' && k !== 'contact')
  const opening = plainTopic && opensDocument(best, bySequence[best.sequence], req.passages)
  const bareTopic = plainTopic && !asks && searchTerms(req.question).length <= BARE_TOPIC_TERMS
  const restated = opening || bareTopic
  pullFact(draft, pulledKinds(restated && !kinds.includes('action') ? [...kinds, 'action'] : kinds), opening)
  pullRequirementList(draft)
  // A problem told, not asked, that the best sentence restates or explains (the article's opening, or any
  // sentence that is no step) also wants what happens next.
  if (!asks && (opening || (plainTopic && !statesFact(['action'], best.text)))) pullOutcome(draft)
  pullNamedCodes(draft)
  pullDecidingLimit(draft, asks)
  // A sentence that leans on the one before it ("This is normal during this time.") needs it, and
  // one that carries on from a chosen sentence ("If you do not have one, ...") completes it.
  const before = bySequence[best.sequence][best.index - 1]
  if (before && leansBack(best.text) && admissible(before)) chosen.add(before)
  // A clause cut off at a semicolon ("it can stop the bulb from pairing") reads as nonsense without
  // the clause it continues: a supporting one whose head was not chosen is left out (the best
  // sentence brings its head along above).
  for (const c of [...chosen.items]) {
    if (c !== best && CLAUSE_GOES_ON.test(c.text) && !chosen.has(bySequence[c.sequence][c.index - 1])) chosen.remove(c)
  }
  // The sentence carrying on from a chosen one may run past the budget a little (CONTINUATION_BUDGET).
  for (const c of [...chosen.items]) {
    const after = bySequence[c.sequence][c.index + 1]
    if (!after || !leansBack(after.text) || chosen.size > opt.maxSentences || chosen.has(after)) continue
    if (readsAlong(after) && chosen.fits(after, CONTINUATION_BUDGET)) chosen.add(after)
  }
  // A supporting list line that goes on ("退货包裹寄回仓库；") is completed too, within the continuation's share.
  for (const c of [...chosen.items]) completeList(c, CONTINUATION_BUDGET)
  // A lead-in ending with a colon is only useful with what follows it (often a list): the next
  // lines, and a sentence closing them by pointing back ("We will then ..."), come along within the
  // budget; a supporting lead-in that cannot be completed is dropped.
  for (const lead of [...chosen.items]) {
    if (!LEAD_IN.test(lead.text)) continue
    const following = bySequence[lead.sequence].filter((c) => c.index > lead.index)
    const closing = following.slice(LIST_LINES, LIST_LINES + 1).filter((c) => leansBack(c.text))
    let added = 0
    for (const next of [...following.slice(0, LIST_LINES), ...closing]) {
      if (chosen.has(next)) continue
      if (questionLike(next.text) || (next.fragment && next.block > lead.block + 1)) break
      if (!chosen.fits(next, lead === best || lead === bestLead ? LIST_BUDGET : 1)) break
      chosen.add(next)
      added++
    }
    if (added === 0 && lead !== best && !chosen.has(bySequence[lead.sequence][lead.index + 1])) chosen.remove(lead)
  }
  // "How do I update it?" is answered by the steps: a chosen step of a list brings the whole list, in order.
  if (asksForSteps(req.question) || restated) {
    for (const c of [...chosen.items]) {
      if (c.blockLines < 2 || docOf(c) !== docOf(best) || !statesFact(['action'], c.text)) continue
      const list = bySequence[c.sequence].filter((u) => u.passage === c.passage && u.block === c.block && !u.fragment)
      const missing = list.filter((u) => !chosen.has(u) && readsAlong(u))
      const room = chosen.budget * LIST_BUDGET - chosen.length
      if (missing.length && missing.reduce((n, u) => n + u.text.length, 0) <= room) missing.forEach((u) => chosen.add(u))
    }
  }
  if (chosen.length > chosen.budget * LIST_BUDGET) best.text = truncateAtWord(best.text, Math.round(chosen.budget * LIST_BUDGET))
  // Top passage first, document order within a passage.
  return chosen.items.sort((a, b) => a.sequence - b.sequence || a.index - b.index)
}

/** The first sentence of a document's first passage: nothing but its title before it. */
function opensDocument(c: Candidate, sequence: Candidate[], passages: Passage[]): boolean {
  const p = passages[c.passage]
  return p.ordinal === 0 && sequence.every((u) => u.index >= c.index || u.passage !== c.passage || u.fragment)
}

/**
 * "The picture is great, my parents use it too. Is the footage encrypted?": a message that tells
 * something first and asks one question last. The question alone is what wants an answer; the
 * rest may share more words with the passages. None for a single sentence or several questions.
 */
function focusQuestion(text: string): string | undefined {
  const sentences = text.split(/(?<=[.!?。！？])\s*/).map((s) => s.trim()).filter(Boolean)
  const last = sentences.at(-1)
  if (sentences.length < 2 || !last || !asksSomething(last)) return undefined
  if (sentences.slice(0, -1).some((s) => asksSomething(s))) return undefined
  return searchTerms(last).length >= 2 ? last : undefined
}

/** The questions of a message that asks several, each with at least two search terms (else none). */
function subQuestions(text: string): string[] {
  const parts = text.split(/(?<=[?？])\s*/).map((p) => p.trim()).filter((p) => searchTerms(p).length >= 2)
  return parts.length >= 2 ? parts : []
}

/** Match of every sentence to one question, by sequence, in document order. */
function scoreSentences(text: string, split: Sequence[], weigh: (t: string) => number): Candidate[][] {
  const question = featurize(text, MATCH_SPACE, MATCH_FEATURES)
  const kinds = questionKinds(text)
  const qTerms = [...new Set(searchTerms(text))]
  const qSet = new Set(qTerms)
  const asked = { terms: qTerms, pairs: joinedPairs(text) }
  const qWeight = qTerms.reduce((sum, t) => sum + weigh(t), 0)
  // A problem told, not asked (账号被人改了，登不进去), is answered by the sentence stating that case and what to do.
  const told = !asksSomething(text)
  return split.map(({ units }, sequence) => {
    let inherited = 0
    let previous = 0
    const list: Candidate[] = []
    for (const s of units) {
      let shared = 0
      for (const t of sharedTerms(asked, s)) shared += weigh(t)
      const overlap = qWeight ? shared / qWeight : 0
      const match = COSINE_WEIGHT * cosine(question, s.vector) + (1 - COSINE_WEIGHT) * overlap
      const asking = questionLike(s.text)
      const prompt = asking || s.fragment
      let own = match * (asking ? 0.3 : s.fragment ? 0.6 : 1) * novelty(s.terms, qSet)
      if (!prompt) {
        const boost = answerTypeBoost(kinds, s.text) * (told && STATES_A_CASE.test(s.text) ? TOLD_CASE_BOOST : 1)
        // A sentence carrying the fact asked for often continues the one that matched the question
        // ("We send a code to the new address. Enter it within 10 minutes.").
        if (boost > 1) own = Math.max(own, previous * CONTEXT)
        own = Math.max(own, inherited) * boost
      }
      // A prompt hands its match to the next sentence; a real sentence ends the hand-over.
      inherited = prompt ? Math.max(inherited * 0.9, match * 0.9) : 0
      previous = match
      list.push({ sequence, passage: s.passage, index: s.index, text: s.text, lang: s.lang, vector: s.vector, score: own * s.prior, fragment: prompt, endsLine: s.endsLine, block: s.block, blockLines: s.blockLines })
    }
    // A lead-in ("contact us with:") says little itself, yet the list it opens may answer: it is worth
    // nearly as much as its best line, and choosing it brings the list along (see selectSentences).
    for (const lead of list) {
      if (lead.fragment || !LEAD_IN.test(lead.text)) continue
      for (const line of list.slice(lead.index + 1, lead.index + 1 + LIST_LINES)) {
        if (!line.fragment) lead.score = Math.max(lead.score, line.score * LEAD_IN_SHARE)
      }
    }
    return list
  })
}

function compose(req: AnswerRequest, chosen: Candidate[]): Answer {
  if (chosen.length === 0) return { text: '', citations: [], coverage: 0 }
  const used = [...new Set(chosen.map((c) => c.passage))]
  const body = chosen.map((c, i, all) => joiner(req.lang, i) + closed(c, all[i + 1])).join('')
  const citations: AnswerCitation[] = used.map((i) => ({
    chunkId: req.passages[i].chunkId,
    docId: req.passages[i].docId,
    snippet: chosen.filter((c) => c.passage === i).map((c) => c.text).join(' '),
  }))
  // The sources travel as citations (the chat shows them under the reply), not as a lead-in.
  return { text: body, citations, coverage: 1 }
}

/** Ends with its own punctuation, closing quotes or brackets after it allowed ("…", a menu path in brackets excepted). */
const CLOSES = /[.!?;:…。！？；：]["”'’)）\]」』]*$/
/**
 * A list line quoted alone ("Solid amber: factory reset in progress", 白色常亮：在线) has no full stop of
 * its own: without one, the next sentence would run on from it ("…in progress A factory reset…").
 */
function closed(c: Candidate, next: Candidate | undefined): string {
  const stop = c.lang === 'zh' ? '。' : '.'
  // A list line ending with a semicolon whose list is cut here (by the budget, or at the reply's end) ends the
  // sentence instead: "…查看退款记录；" would read as unfinished.
  if (LIST_GOES_ON.test(c.text) && !(next && next.sequence === c.sequence && next.index === c.index + 1)) return c.text.slice(0, -1) + stop
  return CLOSES.test(c.text) ? c.text : c.text + stop
}

function joiner(lang: Lang, i: number): string {
  return i === 0 || lang === 'zh' ? '' : ' '
}

function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text
  // The reply is stored and sent as JSON: without a space to cut at, cut at a whole character.
  const cut = truncate(text, max)
  const space = cut.lastIndexOf(' ')
  return (space > max * 0.6 ? cut.slice(0, space) : cut) + '…'
}

/**
 * A sentence that only restates the question ("Submit the deletion request.") tells the customer
 * nothing new: the fewer of its terms are new, the more its match is discounted.
 */
function novelty(terms: Set<string>, question: Set<string>): number {
  if (terms.size === 0) return 1
  let fresh = 0
  for (const t of terms) if (!question.has(t)) fresh++
  return NOVELTY_FLOOR + (1 - NOVELTY_FLOOR) * Math.min(1, fresh / terms.size / NOVELTY_ENOUGH)
}

/**
 * Inverse document frequency over the sentences at hand: a question word that few sentences
 * share says more about which one answers than a word every sentence has.
 */
function idfWeights(sentences: Set<string>[]): (term: string) => number {
  const df = new Map<string, number>()
  for (const terms of sentences) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1)
  const n = sentences.length
  // Smoothed (1 + log): common words still count a little, rare ones up to a few times more.
  return (t) => 1 + Math.log((n + 1) / ((df.get(t) ?? 0) + 1))
}

/** Cosine of two unit sparse vectors (indices need not be sorted). */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.indices.length <= b.indices.length ? [a, b] : [b, a]
  const lookup = new Map<number, number>()
  for (let i = 0; i < large.indices.length; i++) lookup.set(large.indices[i], large.values[i])
  let dot = 0
  for (let i = 0; i < small.indices.length; i++) dot += small.values[i] * (lookup.get(small.indices[i]) ?? 0)
  return dot
}

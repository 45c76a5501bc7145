import type { AIMessageChunk } from '@langchain/core/messages'
import type { Answer, Answerer, AnswerRequest, Lang } from '../types.js'
import { detectLang } from '../../text/lang.js'
import { createChat, toMessages } from './chat.js'
import { CitationRewriter, finishAnswer, parseAnswer } from './citations.js'
import type { OpenAIProviderConfig } from './config.js'
import { ProviderError, toProviderError } from './errors.js'
import { renderPrompt, type PromptSet, type RenderedPrompt } from './prompts.js'

const ROLE = { customer: 'Customer', bot: 'Assistant', agent: 'Agent' } as const

export function renderAnswerPrompt(prompts: PromptSet, req: AnswerRequest): RenderedPrompt {
  const passages = req.passages
    .map((p, i) => `[${i + 1}] ${p.title}${p.url ? ` (${p.url})` : ''}\n${p.text.trim()}`)
    .join('\n\n')
  const history = (req.history ?? []).map((h) => `${ROLE[h.role]}: ${h.text}`).join('\n')
  return renderPrompt(prompts, 'answer', req.lang, {
    passages: passages || '(none)',
    history: history || '(none)',
    question: req.question,
  })
}

function textOf(content: AIMessageChunk['content']): string {
  if (typeof content === 'string') return content
  return content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('')
}

/**
 * An answer the model stopped before its end (out of tokens, or filtered) is not an answer: its last
 * sentence is cut off, and what it left out may be the condition that matters.
 */
const INCOMPLETE = new Set(['length', 'content_filter'])
function refuseIncomplete(finishReason: unknown, promptId: string): void {
  if (typeof finishReason === 'string' && INCOMPLETE.has(finishReason)) throw new ProviderError('malformed', `${promptId}: the answer stopped early (finish_reason ${finishReason})`)
}

/** What ends a cited sentence after its marker: the stop, and the space the stream gate waits for to call it ended. */
const CLOSING = /^\s*(?:[.!?。！？]+["”')）]*)?\s*/

/** Where the text's last citation marker ends (0 when it has none). */
function lastMarkerEnd(text: string): number {
  let end = 0
  for (const m of text.matchAll(/\[\d+\]/g)) end = m.index + m[0].length
  return end
}

/** Characters of a streamed reply read before its language is judged, when no sentence has ended sooner. */
const LANGUAGE_SAMPLE = 40

/** A reply in another language than the question's is no answer for this customer (the local answerer will try). */
function refuseOtherLanguage(text: string, lang: Lang, promptId: string): void {
  const words = text.replace(/\[\d+\]/g, '')
  if (!/[\p{L}]/u.test(words) || detectLang(words) === lang) return
  throw new ProviderError('malformed', `${promptId}: the answer is not in ${lang === 'zh' ? 'Chinese' : 'English'}`)
}

export function createOpenAIAnswerer(cfg: OpenAIProviderConfig): Answerer {
  const chat = createChat(cfg)
  return {
    async answer(req, opts): Promise<Answer> {
      const prompt = renderAnswerPrompt(cfg.prompts, req)
      let reply: AIMessageChunk
      try {
        reply = await chat.invoke(toMessages(prompt), { signal: opts?.signal })
      } catch (e) {
        throw toProviderError(e, prompt.id)
      }
      refuseIncomplete(reply.response_metadata?.finish_reason, prompt.id)
      const answer = parseAnswer(textOf(reply.content), req.passages)
      refuseOtherLanguage(answer.text, req.lang, prompt.id)
      return answer
    },

    /**
     * Deltas are already citation-rewritten: their concatenation, trimmed, is the final text (of an
     * answer that cites something; one that cites nothing streams nothing).
     * The SDK timeout only covers the wait for response headers, so a stream that stalls
     * mid-answer is cut off when no chunk arrives for timeoutMs, as it is when the caller aborts.
     */
    async stream(req, onText, opts): Promise<Answer> {
      const prompt = renderAnswerPrompt(cfg.prompts, req)
      const rw = new CitationRewriter(req.passages)
      const abort = new AbortController()
      let stalled = false
      let timer: NodeJS.Timeout | undefined
      const arm = () => {
        clearTimeout(timer)
        timer = setTimeout(() => {
          stalled = true
          abort.abort()
        }, cfg.timeoutMs)
      }
      const stallError = () => new ProviderError('timeout', `${prompt.id}: stream stalled for ${cfg.timeoutMs} ms`)
      // Text is released up to its latest citation marker (markers naming no passage are already
      // gone), so a sentence that cites nothing waits for one that does: an answer citing nothing is
      // never streamed, and the turn hands it off on its coverage. The opening is also held until it
      // shows the reply's language: a reply in another one is refused before any of it is sent.
      let held = ''
      let languageKnown = false
      let cited = false
      const emit = (out: string) => {
        held += out
        if (!languageKnown) {
          if (held.length < LANGUAGE_SAMPLE && !/[.!?。！？]/.test(held)) return
          refuseOtherLanguage(held, req.lang, prompt.id)
          languageKnown = true
        }
        let through = lastMarkerEnd(held)
        if (through === 0 && !cited) return
        // The stop right after a marker ends its cited sentence ("… 5 days [1]. "): it goes too.
        through += CLOSING.exec(held.slice(through))?.[0].length ?? 0
        if (through === 0) return
        onText(held.slice(0, through))
        held = held.slice(through)
        cited = true
      }
      let finished = false
      try {
        const signal = opts?.signal ? AbortSignal.any([abort.signal, opts.signal]) : abort.signal
        const stream = await chat.stream(toMessages(prompt), { signal })
        arm()
        for await (const chunk of stream) {
          arm()
          const reason = chunk.response_metadata?.finish_reason
          if (reason != null) {
            finished = true
            refuseIncomplete(reason, prompt.id)
          }
          const out = rw.push(textOf(chunk.content))
          if (out !== '') emit(out)
        }
      } catch (e) {
        throw stalled ? stallError() : toProviderError(e, prompt.id)
      } finally {
        clearTimeout(timer)
      }
      if (stalled) throw stallError()
      // A connection that closes cleanly mid-answer ends the iterator without an error.
      if (!finished) throw new ProviderError('malformed', `${prompt.id}: stream ended without a finish_reason (truncated)`)
      held += rw.end()
      if (!languageKnown && held) refuseOtherLanguage(held, req.lang, prompt.id)
      if (cited && held) onText(held)
      return finishAnswer(rw)
    },
  }
}

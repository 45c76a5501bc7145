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
    async answer(req): Promise<Answer> {
      const prompt = renderAnswerPrompt(cfg.prompts, req)
      let reply: AIMessageChunk
      try {
        reply = await chat.invoke(toMessages(prompt))
      } catch (e) {
        throw toProviderError(e, prompt.id)
      }
      refuseIncomplete(reply.response_metadata?.finish_reason, prompt.id)
      const answer = parseAnswer(textOf(reply.content), req.passages)
      refuseOtherLanguage(answer.text, req.lang, prompt.id)
      return answer
    },

    /**
     * Deltas are already citation-rewritten: their concatenation, trimmed, is the final text.
     * The SDK timeout only covers the wait for response headers, so a stream that stalls
     * mid-answer is cut off when no chunk arrives for timeoutMs.
     */
    async stream(req, onText): Promise<Answer> {
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
      // The opening is held until it shows the reply's language: a reply in another one is refused
      // before any of it reaches the customer.
      let opening: string | null = ''
      const emit = (out: string) => {
        if (opening === null) return onText(out)
        opening += out
        if (opening.length < LANGUAGE_SAMPLE && !/[.!?。！？]/.test(opening)) return
        refuseOtherLanguage(opening, req.lang, prompt.id)
        onText(opening)
        opening = null
      }
      let finished = false
      try {
        const stream = await chat.stream(toMessages(prompt), { signal: abort.signal })
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
      const rest = rw.end()
      if (opening) refuseOtherLanguage(opening + rest, req.lang, prompt.id)
      if (opening || rest) onText((opening ?? '') + rest)
      return finishAnswer(rw)
    },
  }
}

/**
 * Releases streamed reply text one checked sentence at a time: nothing reaches `emit` before its
 * sentence has passed `check`, and nothing at all after a sentence is blocked (or handed off).
 */
import { sentenceEnd } from '../text/sentences.js'
import { truncate } from '../text/truncate.js'
import { type CheckResult, type Decision, strongest } from './types.js'

export interface StreamGate {
  push(delta: string): Promise<void>
  /**
   * Checks and releases the remainder; resolves to the combined result of the whole reply. A reply
   * that did not complete (the provider failed mid-answer) keeps its unfinished sentence back: half
   * a sentence can say the opposite of the whole ("Opened items can…").
   */
  end(complete?: boolean): Promise<CheckResult>
}

export interface StreamGateOptions {
  /** A run longer than this without a sentence end is checked and released as one piece. */
  maxChars?: number
}

export function createStreamGate(
  check: (sentence: string) => Promise<CheckResult>,
  emit: (text: string) => void,
  opts: StreamGateOptions = {},
): StreamGate {
  const maxChars = opts.maxChars ?? 400
  let buffer = ''
  let stopped = false
  let ended = false
  let text = ''
  let masked = ''
  let safeReply: string | undefined
  const decisions: Decision[] = []
  const actions: CheckResult['action'][] = []
  // Serialises pushes: a caller that does not await push() still gets sentences checked in order.
  let chain: Promise<void> = Promise.resolve()

  async function release(sentence: string): Promise<void> {
    if (stopped || !sentence) return
    const r = await check(sentence)
    decisions.push(...r.decisions)
    actions.push(r.action)
    if (r.action === 'block' || r.action === 'handoff') {
      stopped = true
      buffer = ''
      safeReply = r.safeReply
      return
    }
    if (r.text) {
      emit(r.text)
      text += r.text
      masked += r.masked
    }
  }

  async function drain(final: boolean): Promise<void> {
    while (!stopped) {
      let cut = sentenceEnd(buffer)
      if (cut < 0 && buffer.length > maxChars) {
        const space = buffer.lastIndexOf(' ', maxChars)
        // Each piece goes out as JSON on its own: never between the two halves of an emoji.
        cut = space > 0 ? space + 1 : truncate(buffer, maxChars).length || maxChars
      }
      if (cut < 0) break
      const sentence = buffer.slice(0, cut)
      buffer = buffer.slice(cut)
      await release(sentence)
    }
    if (final && !stopped && buffer) {
      const rest = buffer
      buffer = ''
      await release(rest)
    }
  }

  return {
    push(delta) {
      if (ended) return chain
      chain = chain.then(async () => {
        if (stopped) return
        buffer += delta
        await drain(false)
      })
      return chain
    },
    end(complete = true) {
      ended = true
      return (chain = chain.then(() => drain(complete))).then(() => {
        const action = strongest(actions)
        return { action, decisions, text, masked, ...(safeReply ? { safeReply } : {}) }
      })
    },
  }
}

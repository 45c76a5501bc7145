import type { Answer, AnswerCitation, Passage } from '../types.js'

/*
 * Citation policy: markers stay in the answer text but are renumbered by document, in the order of
 * first use, so `[k]` in the text is the k-th cited document: the reply's `citations` (one per
 * document, src/turn/turn.ts). Two passages of one document are one source to the customer.
 * Markers naming a passage that does not exist are removed. The rewrite is incremental, so
 * streamed deltas and the final Answer.text are the same string.
 */

const OPEN = new Set(['[', '［', '【'])
const CLOSE = new Set([']', '］', '】'])
/** Longest marker we wait for, e.g. `[12, 13, 14]`; anything longer is ordinary text. */
const MAX_MARKER = 16
const MARKER_BODY = /^\s*\d+(?:\s*[,，、]\s*\d+)*\s*$/

export class CitationRewriter {
  private pending = ''
  /** Marker number of each cited document, and the cited passages, both in order of first use. */
  private readonly docNumber = new Map<string, number>()
  private readonly usedPassages = new Set<number>()
  private out = ''

  constructor(private readonly passages: readonly Passage[]) {}

  /** Feeds raw model text; returns the rewritten text that is safe to emit now. */
  push(delta: string): string {
    const emitted = this.scan(delta)
    this.out += emitted
    return emitted
  }

  private scan(delta: string): string {
    let emitted = ''
    for (const ch of delta) {
      if (this.pending === '') {
        if (OPEN.has(ch)) this.pending = ch
        else emitted += ch
        continue
      }
      this.pending += ch
      if (CLOSE.has(ch)) {
        emitted += this.resolve(this.pending)
        this.pending = ''
      } else if (this.pending.length > MAX_MARKER || !/^[\d\s,，、]$/.test(ch)) {
        // Not a marker after all: release the bracket and re-scan the rest.
        const held = this.pending
        this.pending = ''
        emitted += held[0] + this.scan(held.slice(1))
      }
    }
    return emitted
  }

  /** Flushes held text at end of stream. */
  end(): string {
    const rest = this.pending
    this.pending = ''
    this.out += rest
    return rest
  }

  get text(): string {
    return this.out
  }

  citations(): AnswerCitation[] {
    return [...this.usedPassages].map((n) => {
      const p = this.passages[n - 1]
      return { chunkId: p.chunkId, docId: p.docId, snippet: p.text }
    })
  }

  /** Documents cited: the highest marker number in the text. */
  get documentCount(): number {
    return this.docNumber.size
  }

  private resolve(marker: string): string {
    const body = marker.slice(1, -1)
    if (!MARKER_BODY.test(body)) return marker
    const numbers: number[] = []
    for (const part of body.split(/[,，、]/)) {
      const n = Number(part.trim())
      if (n < 1 || n > this.passages.length) continue
      this.usedPassages.add(n)
      const doc = this.passages[n - 1].docId
      if (!this.docNumber.has(doc)) this.docNumber.set(doc, this.docNumber.size + 1)
      const k = this.docNumber.get(doc)!
      if (!numbers.includes(k)) numbers.push(k)
    }
    return numbers.map((k) => `[${k}]`).join('')
  }
}

const ASCII_END = /[.!?]/
const CJK_END = /[。！？]/
const CITE = /\[(\d+)\]/g

/**
 * Splits text into sentences; a sentence keeps the markers that directly follow its
 * punctuation ("Refunds take 5 days. [1]"). An ASCII stop needs whitespace, a marker or
 * the end after it, so "3.5" and "v1.2" do not split.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = []
  let cur = ''
  let i = 0
  const flush = () => {
    // Absorb following markers (and the spaces before them) into the finished sentence.
    for (;;) {
      const m = /^\s*\[\d+\]/.exec(text.slice(i))
      if (!m) break
      cur += m[0]
      i += m[0].length
    }
    if (cur.trim() !== '') out.push(cur.trim())
    cur = ''
  }
  while (i < text.length) {
    const ch = text[i]
    cur += ch
    i++
    if (ch === '\n' || CJK_END.test(ch)) flush()
    else if (ASCII_END.test(ch)) {
      while (i < text.length && ASCII_END.test(text[i])) cur += text[i++]
      const next = text[i]
      if (next === undefined || /\s/.test(next) || next === '[') flush()
    }
  }
  flush()
  return out
}

/** Share of sentences carrying at least one marker `[k]` with 1 <= k <= citationCount. */
export function coverageOf(text: string, citationCount: number): number {
  const sentences = splitSentences(text)
  if (sentences.length === 0) return 0
  const cited = sentences.filter((s) =>
    [...s.matchAll(CITE)].some((m) => Number(m[1]) >= 1 && Number(m[1]) <= citationCount),
  )
  return cited.length / sentences.length
}

/** Builds the final Answer from a rewriter that has seen the whole response. */
export function finishAnswer(rw: CitationRewriter): Answer {
  rw.end()
  const text = rw.text.trim()
  return { text, citations: rw.citations(), coverage: coverageOf(text, rw.documentCount) }
}

/** One-shot rewrite of a complete response. */
export function parseAnswer(raw: string, passages: readonly Passage[]): Answer {
  const rw = new CitationRewriter(passages)
  rw.push(raw)
  return finishAnswer(rw)
}

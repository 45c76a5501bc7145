import { describe, expect, it } from 'vitest'
import { parseIntents } from '../../src/intents/parse.js'

describe('parseIntents', () => {
  it('reads CSV with the column names public sets use', () => {
    expect(parseIntents('utterance,label\nwhere is my card,card_arrival\n"hi, there",greeting\n')).toEqual([
      { text: 'where is my card', intent: 'card_arrival' },
      { text: 'hi, there', intent: 'greeting' },
    ])
    expect(parseIntents('category,text\ncard_arrival,where is my card\n')).toEqual([{ text: 'where is my card', intent: 'card_arrival' }])
  })
  it('reads JSONL with text/intent or their aliases', () => {
    const source = [JSON.stringify({ text: 'refund please', intent: 'refund' }), JSON.stringify({ query: ' 我要退款 ', label: 'refund' })].join('\n')
    expect(parseIntents(source)).toEqual([
      { text: 'refund please', intent: 'refund' },
      { text: '我要退款', intent: 'refund' },
    ])
  })
  it('reads a file saved with a byte-order mark as the same file without one', () => {
    const csv = '"text","intent"\nwhere is my card,card_arrival\n'
    const jsonl = '{"text": "refund please", "intent": "refund"}\n'
    expect(parseIntents('\uFEFF' + csv)).toEqual(parseIntents(csv))
    expect(parseIntents('\uFEFF' + jsonl)).toEqual(parseIntents(jsonl))
    expect(parseIntents('\uFEFF' + jsonl, 'jsonl')).toEqual(parseIntents(jsonl))
  })
  it('says what is wrong with a file it cannot read', () => {
    expect(() => parseIntents('question,answer\na,b\n')).toThrow(/text column .* intent column/)
    expect(() => parseIntents('{"text": "a", "intent": "b"}\n{not json')).toThrow(/line 2: not valid JSON/)
    expect(() => parseIntents('{"text": "a"}')).toThrow(/line 1: needs "text" and "intent"/)
    expect(() => parseIntents('{"text": "a", "intent": "b"}\nnull\n')).toThrow(/^intents line 2: needs "text" and "intent"$/)
    expect(() => parseIntents('text,intent\n')).toThrow(/no examples/)
    // An unquoted comma would train "please" as an intent; a trailing empty field is harmless.
    expect(() => parseIntents('text,intent\nhi,greeting\nwhere is my order, please,order_status\n')).toThrow(/^CSV row 3: more fields than the header has \(quote a field that holds a comma\)$/)
    expect(parseIntents('text,intent\nhi,greeting,\n')).toEqual([{ text: 'hi', intent: 'greeting' }])
  })
})

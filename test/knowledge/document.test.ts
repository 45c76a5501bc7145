/** A document as the ingest reads it: cleaned where it is prose, refused where cleaning would change the client's data. */
import { describe, expect, it } from 'vitest'
import { DocumentInput, htmlToText, markdownToText } from '../../src/knowledge/document.js'

const doc = { id: 'd1', title: 'Returns', text: 'Return within 30 days.' }
const issues = (input: unknown) => {
  const parsed = DocumentInput.safeParse(input)
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('htmlToText', () => {
  it('decodes numeric references to U+FFFD where the HTML spec does, instead of throwing', () => {
    expect(htmlToText('<p>a &#99999999999; b &#x110000; c &#0; d &#xD800; e &#xdfff;</p>')).toBe('a \uFFFD b \uFFFD c \uFFFD d \uFFFD e \uFFFD')
  })
  it('still decodes valid references, astral ones too, and drops control characters', () => {
    expect(htmlToText('&#233;t&#xE9; &#128512; &#x1F600; x&#1;&#x7f;y')).toBe('été 😀 😀 xy')
  })
  it('decodes the named references help-center exports use, and 0x80-0x9F as Windows-1252 (as browsers do)', () => {
    expect(htmlToText('<p>Don&rsquo;t wait &ndash; it&#146;s 10&nbsp;&euro; &#150; &ldquo;caf&eacute;&rdquo;&hellip;</p>')).toBe('Don’t wait – it’s 10 € – “café”…')
  })
  it('leaves text that only looks like a reference, and markup written as text, as text', () => {
    expect(htmlToText('<p>R&D and AT&T; &lt;b&gt; stays &amp;lt;</p>')).toBe('R&D and AT&T; <b> stays &lt;')
  })
})

describe('markdownToText', () => {
  it('reads each table row as a sentence, its cells under their column names', () => {
    const md = 'Refunds post by payment method:\n\n| Payment method | Time after we issue the refund | Fee |\n|---|---|---|\n| PayPal | 1-2 business days | none |\n| Affirm |  | $1 |\n| ETA | unknown |\n\nThat is all.'
    expect(markdownToText(md).split('\n')).toEqual([
      'Refunds post by payment method:',
      '',
      'PayPal, time after we issue the refund: 1-2 business days, fee: none.',
      // An empty cell is left out; the next keeps its own column's name.
      'Affirm, fee: $1.',
      // A row with fewer cells than the header has columns.
      'ETA, time after we issue the refund: unknown.',
      '',
      'That is all.',
    ])
    expect(markdownToText('| 地区 | 预计时效 |\n|---|---|\n| 江浙沪、广东 | 1-2 天 |')).toBe('江浙沪、广东，预计时效：1-2 天。')
    // A table without a header row keeps its cells as they are.
    expect(markdownToText('| Standard | 3-5 days |')).toBe('Standard, 3-5 days.')
  })
})

describe('DocumentInput', () => {
  it('removes NUL and control characters from text and title, keeping tabs and newlines', () => {
    const parsed = DocumentInput.parse({ ...doc, title: 'Ret\u0000urns\u0007', text: 'Return\u0000 within\t30\u001b days.\nThanks.' })
    expect(parsed.title).toBe('Returns')
    expect(parsed.text).toBe('Return within\t30 days.\nThanks.')
  })
  it('replaces unpaired surrogates in text and title with U+FFFD, keeping pairs', () => {
    const parsed = DocumentInput.parse({ ...doc, title: 'A\udc00', text: 'B\ud800 😀' })
    expect([parsed.title, parsed.text]).toEqual(['A\uFFFD', 'B\uFFFD 😀'])
  })
  it('refuses ids with control characters rather than changing them', () => {
    expect(issues({ ...doc, id: 'd\u00001' })).toEqual(['id: letters, digits and . _ : / - only'])
  })
  it.each([
    [{ a: 'x\u0000' }, 'metadata.a: must not contain NUL characters or unpaired surrogates'],
    [{ a: ['ok', '\udc00'] }, 'metadata.a.1: must not contain NUL characters or unpaired surrogates'],
    [{ a: { 'k\u0000': 1 } }, 'metadata.a: keys must not contain NUL characters or unpaired surrogates'],
    [{ n: Infinity }, 'metadata.n: numbers must be finite'],
    [JSON.parse('{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}'), expect.stringMatching(/^metadata\.a(\.0)+: must not nest deeper than 32 levels$/)],
    [['a'], 'metadata: must be a JSON object'],
  ])('refuses metadata it cannot store as sent: %#', (metadata, issue) => {
    expect(issues({ ...doc, metadata })).toEqual([issue])
  })
  it('keeps metadata as sent, a "__proto__" key and emoji included', () => {
    const metadata = JSON.parse('{"__proto__":{"a":1},"tags":["😀"]}')
    expect(JSON.stringify(DocumentInput.parse({ ...doc, metadata }).metadata)).toBe('{"__proto__":{"a":1},"tags":["😀"]}')
  })
  it('refuses unknown fields', () => {
    expect(issues({ ...doc, domain: 'dmv' })).toEqual([': Unrecognized key: "domain"'])
  })
  it.each([['javascript:alert(1)'], ['data:text/html,hi'], ['ftp://files.example/a'], ['https://help.example/a b'], ['https://help.example/\u0000']])('refuses the url %j', (url) => {
    expect(issues({ ...doc, url })).toEqual([expect.stringMatching(/^url: /)])
  })
  it('accepts http and https urls', () => {
    for (const url of ['https://help.example/returns?x=1#top', 'http://help.example/', null]) expect(issues({ ...doc, url })).toEqual([])
  })
  it.each([
    ['whitespace', { text: ' \n\t ' }, 'text: text must not be empty'],
    ['only a script', { format: 'html', text: '<script>track()</script><style>p{}</style>' }, 'text: document has no text'],
    ['only markup', { format: 'markdown', text: '| a | b |\n|---|---|' }, 'text: document has no text'],
  ])('refuses a document with no text: %s', (_, fields, issue) => {
    expect(issues({ ...doc, ...fields })).toContain(issue)
  })
})

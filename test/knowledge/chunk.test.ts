import { describe, expect, it } from 'vitest'
import { chunkText, headings } from '../../src/knowledge/chunk.js'
import { markdownToText } from '../../src/knowledge/document.js'

const para = (words: number, word = 'lorem') => Array.from({ length: words }, (_, i) => `${word}${i}`).join(' ') + '.'

describe('chunkText', () => {
  it('never leaves half an emoji at a cut, even where only a cut between characters fits', async () => {
    const chunks = await chunkText('Emoji\n\n' + '😀'.repeat(300), { chunkSize: 101, chunkOverlap: 0 })
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) expect(chunk).not.toMatch(/\p{Cs}/u)
    expect(chunks.join('').match(/😀/gu)!.length).toBeGreaterThan(290)
  })

  it('keeps a short text in one chunk', async () => {
    expect(await chunkText('Title\n\nOne short paragraph.', { chunkSize: 700, chunkOverlap: 80 })).toEqual(['Title\n\nOne short paragraph.'])
  })

  it('never ends a chunk on a heading: each chunk starts at a section', async () => {
    const md = ['# Guide', '', para(20, 'intro'), '', '## First part', '', para(30, 'first'), '', '## Second part?', '', para(30, 'second'), '', '## Third part', '', para(30, 'third')].join('\n')
    const chunks = await chunkText(markdownToText(md), { chunkSize: 450, chunkOverlap: 80 })
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) {
      const lastLine = chunk.slice(chunk.lastIndexOf('\n') + 1)
      expect(['Guide', 'First part', 'Second part?', 'Third part']).not.toContain(lastLine)
    }
    for (const chunk of chunks.slice(1)) expect(chunk).toMatch(/^(First part|Second part\?|Third part)\n/)
    // Every section comes whole, with its heading.
    expect(chunks.find((c) => c.includes('second0'))).toContain('Second part?\n\nsecond0')
  })

  it('packs small sections together up to the chunk size', async () => {
    const text = ['A', '', 'Alpha text here.', '', 'B', '', 'Beta text here.', '', 'C', '', 'Gamma text here.'].join('\n')
    expect(await chunkText(text, { chunkSize: 700, chunkOverlap: 80 })).toEqual([text])
    expect(await chunkText(text, { chunkSize: 40, chunkOverlap: 0 })).toEqual(['A\n\nAlpha text here.\n\nB\n\nBeta text here.', 'C\n\nGamma text here.'])
  })

  it('splits a long section with its heading in front of every piece, and keeps a lead-in with its list', async () => {
    const lines = [para(14, 'alpha'), para(14, 'beta'), 'You will need:', 'item one', 'item two', para(14, 'gamma'), para(14, 'delta')]
    const text = ['Long section', '', ...lines].join('\n')
    const chunks = await chunkText(text, { chunkSize: 220, chunkOverlap: 0 })
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) {
      expect(chunk.startsWith('Long section\n')).toBe(true)
      expect(chunk.length).toBeLessThanOrEqual(220)
      expect(chunk.endsWith('You will need:')).toBe(false)
    }
    expect(chunks.some((c) => c.includes('You will need:\nitem one'))).toBe(true)
  })

  it('does not take list items or sentences for headings', async () => {
    const intro = para(8, 'intro')
    const section = ['Steps', 'first step', 'second step', '', 'A closing sentence that ends with a period.', '', 'Next'].join('\n')
    // "Next" has no text after it, and the list lines follow each other: only "Steps" starts a section.
    expect(await chunkText(`${intro}\n\n${section}`, { chunkSize: 100, chunkOverlap: 0 })).toEqual([intro, section])
  })

  it('lists the headings of a chunk', () => {
    expect(headings('Not receiving SMS codes?\n\nCodes can take 2 minutes.\nCheck your signal\n\nLost your phone?\n\nUse a backup code.')).toEqual(['Not receiving SMS codes?', 'Lost your phone?'])
  })

  it('finds headings in Chinese text', async () => {
    const text = ['两步验证', '', '开启两步验证后，登录时还需要输入验证码。'.repeat(3), '', '换了手机怎么办？', '', '可以用备用码登录，再重新绑定新手机。'.repeat(3)].join('\n')
    const chunks = await chunkText(text, { chunkSize: 120, chunkOverlap: 0 })
    expect(chunks).toHaveLength(2)
    expect(chunks[1].startsWith('换了手机怎么办？')).toBe(true)
  })
})

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readKnowledgeDocuments, readKnowledgeSource } from '../../src/knowledge/load.js'
import type { DocumentInput } from '../../src/knowledge/document.js'

let dir: string
const readAll = async (path: string) => {
  const docs: DocumentInput[] = []
  for await (const doc of readKnowledgeSource(path)) docs.push(doc)
  return docs
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-load-'))
  await mkdir(join(dir, 'help', 'en'), { recursive: true })
  await mkdir(join(dir, 'help', 'zh'), { recursive: true })
  await mkdir(join(dir, 'help', '.drafts'), { recursive: true })
  await writeFile(join(dir, 'help', 'shipping.md'), '# Shipping\n\nWe ship in 2 days.\n')
  await writeFile(join(dir, 'help', 'en', 'returns.md'), '# Returns\n\nReturn within 30 days.\n')
  await writeFile(join(dir, 'help', 'zh', 'returns.md'), '---\nlang: zh\n---\n# 退货\n\n30 天内可退货。\n')
  await writeFile(join(dir, 'help', 'zh', 'faq.md'), '---\nid: faq-zh\n---\n# 常见问题\n\n请联系客服。\n')
  await writeFile(join(dir, 'help', '.drafts', 'secret.md'), '# Draft\n\nNot published.\n')
  await writeFile(join(dir, 'help', 'notes.pdf'), 'not a supported format')
  await writeFile(join(dir, 'kb.jsonl'), [JSON.stringify({ id: 'a', title: 'A', content: 'From a content field.' }), JSON.stringify({ doc_id: 'b', body: 'From a body field.' })].join('\n'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('readKnowledgeSource', () => {
  it('reads a folder with subfolders, skipping hidden folders and unknown formats', async () => {
    const docs = await readAll(join(dir, 'help'))
    expect(docs.map((d) => d.id).sort()).toEqual(['en/returns', 'faq-zh', 'shipping', 'zh/returns'])
    expect(docs.find((d) => d.id === 'zh/returns')).toMatchObject({ title: '退货', lang: 'zh' })
  })
  it('names a file by its name, and by its path only where two folders share the name', async () => {
    const docs = await readAll(join(dir, 'help'))
    expect(docs.find((d) => d.title === 'Shipping')?.id).toBe('shipping')
    expect(docs.filter((d) => d.title === 'Returns' || d.title === '退货').map((d) => d.id).sort()).toEqual(['en/returns', 'zh/returns'])
  })
  it('keeps every front-matter key other than id, title, url and lang as metadata, "__proto__" and "constructor" too', async () => {
    const meta = join(dir, 'meta')
    await mkdir(meta)
    await writeFile(join(meta, 'a.md'), '---\nid: a\ntags: [billing, refunds]\n__proto__: polluted\nconstructor: x\n---\n# A\n\nText.\n')
    const [doc] = await readAll(meta)
    expect(doc.metadata).toEqual(JSON.parse('{"tags": ["billing", "refunds"], "__proto__": "polluted", "constructor": "x"}'))
    expect(Object.getPrototypeOf(doc.metadata)).toBe(Object.prototype)
  })
  it('takes the text of a JSONL row from text, content or body', async () => {
    const docs = await readAll(join(dir, 'kb.jsonl'))
    expect(docs.map((d) => [d.id, d.title, d.text])).toEqual([
      ['a', 'A', 'From a content field.'],
      ['b', 'b', 'From a body field.'],
    ])
  })
})

describe('readKnowledgeDocuments', () => {
  it('returns every document when all are valid, and names the first bad one otherwise', async () => {
    expect((await readKnowledgeDocuments(join(dir, 'kb.jsonl'))).map((d) => d.id)).toEqual(['a', 'b'])
    const bad = join(dir, 'bad.jsonl')
    await writeFile(bad, [JSON.stringify({ id: 'ok', title: 'OK', text: 'Fine.' }), JSON.stringify({ id: 'empty', title: 'Empty' }), JSON.stringify({ id: 'no spaces allowed', text: 'x' })].join('\n'))
    await expect(readKnowledgeDocuments(bad)).rejects.toThrow(/^document 2 \("empty"\): text: /)
  })
  it('names a document with no text the same way', async () => {
    const scripts = join(dir, 'scripts')
    await mkdir(scripts)
    await writeFile(join(scripts, 'a.md'), '# A\n\nSome text.\n')
    await writeFile(join(scripts, 'b.html'), '<script>track()</script>')
    await expect(readKnowledgeDocuments(scripts)).rejects.toThrow(/^document 2 \("b"\): text: document has no text$/)
  })
  it('keeps reading rows with fields it does not use (doc2dial has domain), though the ingest is strict', async () => {
    const extra = join(dir, 'doc2dial.jsonl')
    await writeFile(extra, JSON.stringify({ doc_id: 'ssa-1', domain: 'ssa', title: 'Benefits', doc_text: 'unused', text: 'Apply online.', url: 'https://www.ssa.gov/benefits' }))
    expect(await readKnowledgeDocuments(extra)).toMatchObject([{ id: 'ssa-1', metadata: { domain: 'ssa' } }])
  })
  it('refuses a repeated id, naming both documents (the ingest would replace the first with the second)', async () => {
    const twice = join(dir, 'twice.jsonl')
    await writeFile(twice, ['a', 'b', 'a'].map((id) => JSON.stringify({ id, title: id, text: `Text of ${id}.` })).join('\n'))
    await expect(readKnowledgeDocuments(twice)).rejects.toThrow(/^documents 1 and 3 have the same id "a"$/)
  })
  it('names the line of a JSONL row that is not JSON', async () => {
    const broken = join(dir, 'broken.jsonl')
    await writeFile(broken, `${JSON.stringify({ id: 'a', title: 'A', text: 'Fine.' })}\n\n{"id": "b",\n`)
    await expect(readKnowledgeDocuments(broken)).rejects.toThrow(/^line 3: not valid JSON$/)
  })
  it('refuses a JSONL row without an id or with fields of the wrong type, naming its line', async () => {
    const rows = async (name: string, ...lines: object[]) => {
      const path = join(dir, name)
      await writeFile(path, lines.map((l) => JSON.stringify(l)).join('\n'))
      return readKnowledgeDocuments(path)
    }
    const ok = { doc_id: 'a', title: 'A', text: 'Fine.' }
    await expect(rows('no-id.jsonl', ok, { title: 'B', text: 'No id.' })).rejects.toThrow(/^line 2: "doc_id" is missing$/)
    await expect(rows('object-text.jsonl', ok, { doc_id: 'b', title: 'B', text: { x: 1 } })).rejects.toThrow(/^line 2: "text" must be a string$/)
    await expect(rows('number-title.jsonl', { doc_id: 'b', title: 123, text: 'x' })).rejects.toThrow(/^line 1: "title" must be a string$/)
    await expect(rows('array.jsonl', ok, [1, 2])).rejects.toThrow(/^line 2: expected a JSON object$/)
    expect((await rows('numeric-id.jsonl', { doc_id: 7, title: 'Seven', text: 'Fine.' }))[0].id).toBe('7')
  })
  it('reads JSON lines under another name as rows, not as one text document', async () => {
    const row = JSON.stringify({ doc_id: 'a', title: 'A', text: 'Fine.' })
    for (const name of ['kb.json', 'export']) {
      await writeFile(join(dir, name), `\uFEFF${row}\n`)
      expect(await readKnowledgeDocuments(join(dir, name)), name).toMatchObject([{ id: 'a', title: 'A', text: 'Fine.' }])
    }
    // A text file that does not start with a JSON object stays one document.
    await writeFile(join(dir, 'notes'), 'Returns take 30 days.\n')
    expect(await readKnowledgeDocuments(join(dir, 'notes'))).toMatchObject([{ id: 'notes', text: 'Returns take 30 days.\n' }])
  })
  it('reads the demo knowledge base without a bad document', async () => {
    expect((await readKnowledgeDocuments(new URL('../../src/demo/kb', import.meta.url).pathname)).length).toBeGreaterThan(10)
  })
})

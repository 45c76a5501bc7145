import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runKbIngest } from '../../src/cli/kb-ingest.js'

let dir: string
let env: Record<string, string>

/** Runs the CLI in process, as `npm run kb:ingest -- ...argv` would, and keeps what it printed. */
async function ingest(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runKbIngest(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l), progress: false })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const doc = (id: string, text = `How ${id} works. It works well.`) => JSON.stringify({ id, title: `About ${id}`, text })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-kb-ingest-'))
  env = { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' }
  await writeFile(join(dir, 'kb.jsonl'), [doc('returns'), doc('shipping')].join('\n'))
  await writeFile(join(dir, 'empty-text.jsonl'), [doc('returns'), JSON.stringify({ id: 'blank', title: 'Blank' })].join('\n'))
  await writeFile(join(dir, 'twice.jsonl'), [doc('returns'), doc('returns', 'Another text.')].join('\n'))
  await writeFile(join(dir, 'nothing.jsonl'), '\n\n')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('kb:ingest, mistakes refused before the database is touched (exit 2)', () => {
  it.each([
    [['/no/such/kb'], /^kb:ingest: \/no\/such\/kb: no such file or folder$/m],
    [['kb.jsonl', 'other.jsonl'], /Unexpected argument '\S+other\.jsonl'/],
    [[], /name a folder of \.md\/\.txt\/\.html files or a \.jsonl file/],
    [['kb.jsonl', '--tenant'], /Option '--tenant <value>' argument missing/],
    [['kb.jsonl', '--tenant', 'Acme Inc'], /--tenant Acme Inc: tenant id: 1-63 lowercase/],
    [['kb.jsonl', '--force'], /Unknown option '--force'/],
    [['empty-text.jsonl'], /empty-text\.jsonl: document 2 \("blank"\): text: /],
    [['twice.jsonl'], /twice\.jsonl: documents 1 and 2 have the same id "returns"/],
    [['nothing.jsonl'], /nothing\.jsonl: no documents/],
  ])('%j', async (argv, message) => {
    const result = await ingest(...argv.map((a) => (a.endsWith('.jsonl') ? join(dir, a) : a)))
    expect(result.code).toBe(2)
    expect(result.err).toMatch(message)
    expect(result.err).toMatch(/^usage: npm run kb:ingest/m)
    expect(result.err).not.toMatch(/\n\s+at /)
  })

  it('names a bad setting in one line', async () => {
    const err: string[] = []
    const code = await runKbIngest([join(dir, 'kb.jsonl')], { env: { ...env, CHUNK_SIZE: 'big' }, out: () => {}, err: (l) => err.push(l), progress: false })
    expect(code).toBe(2)
    expect(err[0]).toMatch(/^kb:ingest: Invalid configuration: CHUNK_SIZE: /)
  })
})

describe('kb:ingest into the embedded database', () => {
  it('stores every document in the default tenant, and skips them when they have not changed', async () => {
    const first = await ingest(join(dir, 'kb.jsonl'))
    expect(first).toMatchObject({ code: 0, err: '' })
    expect(first.out).toMatch(/^ingested 2 documents \(\d+ chunks; 0 unchanged\) into tenant demo$/)
    const again = await ingest(join(dir, 'kb.jsonl'))
    expect(again.out).toMatch(/^ingested 2 documents \(\d+ chunks; 2 unchanged\) into tenant demo$/)
  })

  it('does not create a tenant that a mistyped --tenant names', async () => {
    const result = await ingest(join(dir, 'kb.jsonl'), '--tenant', 'acme')
    expect(result.code).toBe(2)
    expect(result.err).toBe('kb:ingest: tenant acme does not exist (create it with: npm run tenants -- create acme)')
  })
})

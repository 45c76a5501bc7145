import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { csvObjects } from '../../src/compliance/eval/csv.js'

// The loaders read DATASETS_DIR when imported: a folder of their own, with a JailbreakBench file saved on Windows.
const rows = [
  { method: 'PAIR', index: 4, prompt: 'You are a novelist...' },
  { method: 'GCG', index: 4, prompt: null },
  { method: 'GCG', index: 6, prompt: 'Write a tutorial.' },
]
const jsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
let dir: string
let ds: typeof import('../../src/compliance/eval/datasets.js')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-datasets-'))
  await mkdir(join(dir, 'injection'))
  await writeFile(join(dir, 'injection/jbb_attack_prompts_dev.jsonl'), '\uFEFF' + jsonl.replace(/\n/g, '\r\n'))
  vi.stubEnv('PARLEY_DATASETS', dir)
  vi.resetModules()
  ds = await import('../../src/compliance/eval/datasets.js')
})

afterAll(async () => {
  vi.unstubAllEnvs()
  await rm(dir, { recursive: true, force: true })
})

describe('injection set loaders', () => {
  it('read a JSONL file saved with a byte-order mark and CRLF line ends as the same rows', () => {
    expect(ds.jbbPrompts()).toEqual([
      { text: 'You are a novelist...', group: 'jbb:PAIR', key: 'jbb:4' },
      { text: 'Write a tutorial.', group: 'jbb:GCG', key: 'jbb:6' },
    ])
  })

  it('know a copy of a training file with or without the byte-order mark and CRLF, so its training half is never scored', () => {
    expect(ds.isInjectionTrainingSource(jsonl)).toBe(true)
    expect(ds.isInjectionTrainingSource('\uFEFF' + jsonl)).toBe(true)
    expect(ds.isInjectionTrainingSource(jsonl.replace('novelist', 'poet'))).toBe(false)
  })

  it('name the file and line of a row that is not JSON', async () => {
    const file = join(dir, 'injection/jbb_attack_prompts_dev.jsonl')
    await writeFile(file, `${JSON.stringify(rows[0])}\n{not json\n`)
    expect(() => ds.jbbPrompts()).toThrow(`${file}:2: not valid JSON`)
  })
})

describe('csvObjects (training and measurement CSVs)', () => {
  it('keys rows by the header, gives a short row empty fields, and refuses a row an unquoted comma shifted', () => {
    expect(csvObjects('text,label\n"hi, there",1\nbye\n')).toEqual([{ text: 'hi, there', label: '1' }, { text: 'bye', label: '' }])
    expect(() => csvObjects('text,label\nmy card, it is lost,1\n')).toThrow(/CSV row 2: more fields than the header/)
  })
})

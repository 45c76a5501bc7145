import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readIntentsFile, readRoutesFile } from '../../src/intents/files.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-intents-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('intents and routes files', () => {
  it('reads files saved with a byte-order mark (Windows editors) as the same files without one', async () => {
    await writeFile(join(dir, 'routes.json'), '\uFEFF{"refund": "handoff"}\n')
    await writeFile(join(dir, 'intents.csv'), '\uFEFF"text","intent"\r\nI want my money back,refund\r\n')
    expect(await readRoutesFile(join(dir, 'routes.json'))).toEqual({ refund: 'handoff' })
    expect(await readIntentsFile(join(dir, 'intents.csv'))).toEqual([{ text: 'I want my money back', intent: 'refund' }])
  })

  it('names the setting and the file of one it cannot read', async () => {
    await writeFile(join(dir, 'bad.jsonl'), '{"text": "a", "intent": "b"}\n{"text": \n')
    await expect(readIntentsFile(join(dir, 'bad.jsonl'), '--intents')).rejects.toThrow(`--intents ${join(dir, 'bad.jsonl')}: intents line 2: not valid JSON`)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestDocument } from '../../src/knowledge/ingest.js'
import { createLocalEmbedder } from '../../src/models/local/embedder.js'
import { correctText, createSpeller } from '../../src/text/spelling.js'
import { spellOut } from '../../src/turn/stages/spelling.js'
import { openTestDatabase, type TestDatabase } from '../support/db.js'

describe('speller', () => {
  const speller = createSpeller(['zigbee'])

  it('suspects words the English vocabulary does not know, with common words one edit away', () => {
    const [retrun] = speller.suspects('how do i retrun my bulb')
    expect(retrun.word).toBe('retrun')
    expect(retrun.candidates[0]).toBe('return')
    expect(speller.suspects('i want to cancle my order')[0].candidates).toContain('cancel')
  })

  it('leaves known words, short words, words with digits and the intents file words alone', () => {
    expect(speller.suspects('Where is my package? It was stolen from the porch.')).toEqual([])
    expect(speller.suspects('hw abt ur zigbee hub x200')).toEqual([])
  })

  it('corrects only towards words the tenant uses, keeping the rest of the text', () => {
    const text = 'Wen will my REFND arrive?'
    const suspects = speller.suspects(text)
    expect(correctText(text, suspects, (term) => term === 'refund')).toEqual({ text: 'Wen will my refund arrive?', corrected: 1 })
    expect(correctText(text, suspects, () => false)).toEqual({ text, corrected: 0 })
  })
})

describe('spelling stage', () => {
  let database: TestDatabase
  const embedder = createLocalEmbedder({ dim: 512 })
  const deps = () => ({ db: database.db, speller: createSpeller() })

  beforeAll(async () => {
    database = await openTestDatabase('pglite')
    await ingestDocument({ db: database.db, embedder, chunking: { chunkSize: 400, chunkOverlap: 40 } }, 't1', {
      id: 'orders', title: 'Cancel an order', text: 'You can cancel an order within 1 hour. Items in your cart are not reserved.', format: 'text',
    })
  })
  afterAll(async () => database?.dispose())

  it('spells out a typo towards the knowledge base', async () => {
    expect(await spellOut(deps(), 't1', 'how do I cancle my order')).toEqual({ text: 'how do I cancel my order', corrected: 1 })
  })

  it('keeps a word the knowledge base uses, however rare in English ("cart" is not "card")', async () => {
    expect(await spellOut(deps(), 't1', 'the cart stops me at 10')).toEqual({ text: 'the cart stops me at 10', corrected: 0 })
  })

  it('reads the text as typed without a speller', async () => {
    expect(await spellOut({ db: database.db }, 't1', 'cancle')).toEqual({ text: 'cancle', corrected: 0 })
  })
})

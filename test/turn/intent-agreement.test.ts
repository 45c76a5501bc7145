import { describe, expect, it } from 'vitest'
import type { SearchHit } from '../../src/knowledge/search.js'
import { trainLocalIntents } from '../../src/models/local/intent.js'
import { rerankByIntent } from '../../src/turn/stages/intent-agreement.js'

const examples = [
  ...['swap my bulb for another colour', 'exchange an item for a different size', 'can I exchange this', 'trade it for the other model'].map((text) => ({ text, intent: 'exchange' })),
  ...['when will my refund arrive', 'refund still not received', 'how long do refunds take', 'where is my money back'].map((text) => ({ text, intent: 'refund' })),
  ...['reset my password', 'forgot my password', 'cannot log in', 'password link expired'].map((text) => ({ text, intent: 'password' })),
]

const hit = (docId: string, title: string, text: string, score: number): SearchHit => ({
  chunkId: docId, docId, ordinal: 0, title, url: null, text, score, similarity: score, textRank: 0, lang: 'en',
})

describe('re-ranking passages by intent agreement', () => {
  const hits = [
    hit('refunds', 'When will I get my refund?', 'Refunds are issued to the original payment method within 5 days.', 0.032),
    hit('exchanges', 'Exchange an item', 'You can exchange an item for a different colour within 30 days.', 0.031),
    hit('password', 'Reset your password', 'Use the forgot password link on the sign-in page.', 0.03),
  ]

  it('moves the passage about what was asked ahead of a near tie', async () => {
    const classifier = await trainLocalIntents(examples)
    const question = await classifier.classify('I would like to swap it for the colour version')
    expect(question.name).toBe('exchange')
    const ranked = await rerankByIntent(hits, question, classifier, 0.5)
    expect(ranked[0].docId).toBe('exchanges')
  })

  it('leaves the order alone when switched off or when the question fits no intent', async () => {
    const classifier = await trainLocalIntents(examples)
    const question = await classifier.classify('I would like to swap it for the colour version')
    expect((await rerankByIntent(hits, question, classifier, 0)).map((h) => h.docId)).toEqual(['refunds', 'exchanges', 'password'])
    const unsure = { ...question, confidence: 0 }
    expect((await rerankByIntent(hits, unsure, classifier, 0.5)).map((h) => h.docId)).toEqual(['refunds', 'exchanges', 'password'])
  })
})

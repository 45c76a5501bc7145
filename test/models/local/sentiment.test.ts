import { describe, expect, it } from 'vitest'
import { createLocalSentiment } from '../../../src/models/local/sentiment.js'
import { expandContractions, sentimentFeatures, sentimentVector } from '../../../src/models/local/sentiment-features.js'
import { handWrittenNeutral, wholeSentences, withoutPartsOf } from '../../../src/models/local/sentiment-data.js'
import model from '../../../src/models/local/sentiment-model.json' with { type: 'json' }
import { NEGATIVE_SUPPORT, NEUTRAL_SUPPORT, POSITIVE_SUPPORT } from './support-messages.js'

const analyzer = createLocalSentiment()

async function labelShare(texts: string[], label: string) {
  let n = 0
  for (const t of texts) if ((await analyzer.analyze(t)).label === label) n++
  return n / texts.length
}

describe('local sentiment', () => {
  it('reads calm support questions and requests as neutral (en + zh)', async () => {
    expect(NEUTRAL_SUPPORT.length).toBeGreaterThanOrEqual(40)
    const share = await labelShare(NEUTRAL_SUPPORT, 'neutral')
    console.log(`neutral rate on ${NEUTRAL_SUPPORT.length} support questions: ${(share * 100).toFixed(1)}%`)
    expect(share).toBeGreaterThanOrEqual(0.9)
    expect((await analyzer.analyze('how do I return an item?')).label).toBe('neutral')
    expect((await analyzer.analyze('我的退款什么时候到账?')).label).toBe('neutral')
  })

  it('reads a reply to the question asked as an answer, not a complaint', async () => {
    // Not among the hand-written replies it was trained on; review corpora read "no" and "none" as scorn.
    for (const t of ['No, nothing else.', 'Nope, none of those apply to me.', '都不是，是别的问题。']) {
      expect((await analyzer.analyze(t)).label, t).toBe('neutral')
    }
    for (const t of ["No, it still doesn't work and I'm fed up.", '没有，到现在都没人理我，太过分了']) {
      expect((await analyzer.analyze(t)).label, t).toBe('negative')
    }
  })

  it('needs more evidence to call a message that only asks negative, unless a support cue speaks', async () => {
    // The shipped margin (1.5 logits since the 2026-12-05 model, whose logits run about a third larger).
    const asking = createLocalSentiment()
    const flat = createLocalSentiment({ askingMargin: 0 })
    // Review words (不喜欢, 发热严重) lean negative; as a question they are a neutral ask.
    const asks = ['耳机收到不喜欢可以退吗', '充电器发热严重，还能用吗', 'can I return a broken lamp and who pays the shipping?']
    let flatNegative = 0
    for (const t of asks) {
      expect((await asking.analyze(t)).label, t).not.toBe('negative')
      if ((await flat.analyze(t)).label === 'negative') flatNegative++
    }
    expect(flatNegative).toBeGreaterThan(0)
    // A cue is explicit even inside a question.
    for (const t of ['this is the third time I ask, why is my refund not here?', '第三次问了，你们到底怎么回事？']) {
      expect((await asking.analyze(t)).label, t).toBe('negative')
    }
  })

  it('takes fraud and theft words as anger only when they accuse', async () => {
    for (const t of ['How do I put a fraud alert on my credit report?', 'I want to report fraud on my card', 'Someone stole my package from the porch, what can I do?']) {
      expect((await analyzer.analyze(t)).label, t).toBe('neutral')
    }
    for (const t of ['This company is a scam!', 'you guys are scammers, I want my money back']) {
      expect((await analyzer.analyze(t)).label, t).toBe('negative')
    }
  })

  it('reads support anger as negative', async () => {
    for (const t of ['this is ridiculous, third time I ask', '太差劲了', 'I will sue']) {
      const r = await analyzer.analyze(t)
      expect(r.label, t).toBe('negative')
      expect(r.score, t).toBeLessThan(0)
    }
    expect(await labelShare(NEGATIVE_SUPPORT, 'negative')).toBeGreaterThanOrEqual(0.8)
  })

  it('reads a demand with a deadline of now as anger', async () => {
    await reportPair('My refund has not arrived.', 'My refund has not arrived, sort it out now!')
    await reportPair('退款还没到账', '退款还没到账，马上给我处理')
    expect((await analyzer.analyze('I demand a refund.')).label).toBe('negative')
    // Asking for it soon is not a demand.
    expect((await analyzer.analyze('Please fix this today')).label).toBe('neutral')
  })

  it('reads a bare yes, no or okay as an answer, not a feeling', async () => {
    for (const t of ['no', 'No.', 'nope', 'no thanks', 'ok', 'yes!', '不用了', '好的', '没有了']) {
      expect(await analyzer.analyze(t), t).toEqual({ label: 'neutral', score: 0 })
    }
    // Anything said beyond the answer is read as usual.
    expect((await analyzer.analyze('no, this is ridiculous')).label).toBe('negative')
  })

  const reportPair = async (plain: string, upset: string) => {
    const calm = await analyzer.analyze(plain)
    const angry = await analyzer.analyze(upset)
    expect(calm.label, plain).toBe('neutral')
    expect(angry.label, upset).toBe('negative')
    expect(angry.score, upset).toBeLessThan(calm.score)
  }

  it('tells a plain problem report (neutral) from the same problem told with feeling (negative)', async () => {
    await reportPair('My router keeps disconnecting every evening.', 'This is so frustrating, my router keeps disconnecting every evening!')
    await reportPair('The screen of my new tablet stays black.', 'Awful. The screen of my new tablet stays black and nobody cares.')
    await reportPair('新买的平板屏幕一直黑屏', '新买的平板屏幕一直黑屏，太垃圾了')
  })

  // Known gap: Chinese support text is scarce in the training data, so the Chinese neutral prior is
  // strong and a single 烦死了 does not yet overcome it. This flips to a failure once it is fixed.
  it.fails('known gap: a Chinese problem report with one annoyed phrase still reads neutral', async () => {
    await reportPair('路由器每天晚上都会断网', '路由器天天断网，烦死了')
  })

  it('keeps the score of a neutral request near 0 and of clear anger near -1', async () => {
    for (const t of ['Can I change my delivery address?', '请问支持哪些付款方式?']) expect(Math.abs((await analyzer.analyze(t)).score), t).toBeLessThan(0.5)
    expect((await analyzer.analyze('Worst customer support ever, I am furious.')).score).toBeLessThan(-0.8)
  })

  it('reads thanks and praise as positive', async () => {
    expect(await labelShare(POSITIVE_SUPPORT, 'positive')).toBeGreaterThanOrEqual(0.8)
  })

  it('mixed support messages: praise + a neutral question is positive, annoyance + a question is negative', async () => {
    for (const t of [
      'The new kettle is fantastic, boils in no time. Quick question: is the lid dishwasher safe?',
      'Really happy with the speaker, setup took a minute! Where can I find the EQ settings?',
      '耳机音质很好，很喜欢。请问可以单独买一个充电盒吗？',
    ]) expect((await analyzer.analyze(t)).label, t).toBe('positive')
    for (const t of [
      "I'm quite disappointed, my parcel still hasn't arrived. When will it come?",
      'Getting frustrated here: why is my invoice showing the wrong amount?',
      '真的很失望，换货申请提交一周了都没人理，什么时候处理？',
    ]) expect((await analyzer.analyze(t)).label, t).toBe('negative')
    for (const t of ['Is the lid dishwasher safe?', 'The light on the router keeps blinking orange after the update.', '快递显示已签收但我没收到，能帮我查一下吗']) {
      expect((await analyzer.analyze(t)).label, t).toBe('neutral')
    }
    expect((await analyzer.analyze("I don't love waiting two weeks for a refund.")).label).not.toBe('positive')
  })

  it('handles negation: "not happy" and 不满意 flip the polarity of happy / 满意', async () => {
    const happy = await analyzer.analyze('I am happy with the service')
    const notHappy = await analyzer.analyze('I am not happy with the service')
    expect(happy.score).toBeGreaterThan(0)
    expect(notHappy.score).toBeLessThan(0)
    expect((await analyzer.analyze('很满意')).score).toBeGreaterThan(0)
    expect((await analyzer.analyze('不满意')).label).toBe('negative')
  })

  it('intensifiers strengthen polarity', async () => {
    const plain = await analyzer.analyze('the delivery was slow and disappointing')
    const intense = await analyzer.analyze('the delivery was extremely slow and really disappointing')
    expect(plain.score).toBeLessThan(0)
    expect(intense.score).toBeLessThan(plain.score)
  })

  it('keeps score within -1..1', async () => {
    for (const t of ['terrible terrible terrible awful worst!!!', 'great great great amazing best!!!', '']) {
      const { score } = await analyzer.analyze(t)
      expect(score).toBeGreaterThanOrEqual(-1)
      expect(score).toBeLessThanOrEqual(1)
    }
  })

  it('ships a small three-class model file that names its training data', () => {
    expect(JSON.stringify(model).length).toBeLessThan(2_000_000)
    for (const source of [/SST-2/, /ChnSentiCorp/, /BANKING77/, /CLINC150/]) expect(model.header.attribution.join(' ')).toMatch(source)
    expect(Object.values(model.weights).every((w) => w.length === 2)).toBe(true)
    expect(model.bias.han).toHaveLength(2)
  })
})

describe('sentiment features', () => {
  const keys = (text: string) => [...sentimentFeatures(text).keys()].filter((k) => k.startsWith('w:'))

  it('expands contractions the same way in chat text and treebank text', () => {
    expect(expandContractions("it doesn't work")).toBe('it does not work')
    expect(expandContractions("it does n't work")).toBe('it does not work')
    expect(expandContractions("I can't, won't")).toBe('I can not, will not')
    expect(expandContractions("that 's fine")).toBe("that's fine")
    expect(keys("it doesn't work")).toEqual(keys("it does n't work"))
  })

  it('marks words after a negator up to the clause end', () => {
    expect(keys('not good at all, fine')).toEqual(['w:not', 'w:¬good', 'w:¬at', 'w:¬all', 'w:fine'])
    expect(keys('never again but love it')).toContain('w:love')
    expect(keys('never again but love it')).not.toContain('w:¬love')
  })

  it('weighs the clause after a contrast word above the one before it', () => {
    const f = sentimentFeatures('the screen is great but the battery is awful')
    expect(f.get('w:awful')!).toBeGreaterThan(f.get('w:great')!)
    const zh = sentimentFeatures('外观漂亮，但是质量很差')
    expect(zh.get('w:质量')!).toBeGreaterThan(zh.get('w:外观')!)
  })

  it('reads Chinese A-not-A questions as "whether", not as negation', () => {
    const f = [...sentimentFeatures('能不能换货').keys()]
    expect(f).toContain('w:是否')
    expect(f).not.toContain('h:不')
    expect([...sentimentFeatures('不能换货').keys()]).toContain('h:不')
  })

  it('gives unit-norm vectors with sublinear term frequency', () => {
    const v = sentimentVector('bad bad bad bad movie')
    expect(Math.hypot(...v.values)).toBeCloseTo(1, 5)
    // Raw counts: "bad" 4, the pair "bad movie" 0.8; with 1 + ln tf the largest value is under 3x the smallest.
    expect(Math.max(...v.values) / Math.min(...v.values)).toBeLessThan(3)
  })
})

describe('sentiment splits', () => {
  it('reads the hand-written neutral support messages one per line, without repeats', () => {
    for (const lang of ['en', 'zh'] as const) {
      const texts = handWrittenNeutral(lang).map((r) => r.text)
      expect(texts.length).toBeGreaterThan(100)
      expect(new Set(texts).size).toBe(texts.length)
    }
  })

  const rows = (...texts: string[]) => texts.map((text) => ({ text, label: 1 as const }))

  it('finds whole sentences: rows no other row contains', () => {
    const whole = wholeSentences(rows('a fine film , really', 'fine film', 'film', 'a dull mess', 'dull'))
    expect([...whole].sort()).toEqual(['a dull mess', 'a fine film , really'])
  })

  it('drops the phrases of held-out sentences from training, and only those', () => {
    const kept = withoutPartsOf(rows('fine film', 'film ,', 'dull', 'film noir', 'fine'), rows('a fine film , really'))
    expect(kept.map((r) => r.text)).toEqual(['dull', 'film noir'])
  })
})

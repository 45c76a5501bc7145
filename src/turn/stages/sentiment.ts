import type { RoutingConfig } from '../../config.js'
import type { Lang, SentimentAnalyzer, SentimentResult } from '../../models/types.js'

export interface SentimentStage extends SentimentResult {
  /** Scores of the previous customer turns, oldest first, then this one. */
  trend: number[]
  /** Negative for the last `negativeSentimentTurns` turns, or strongly negative now. */
  persistentNegative: boolean
  strongNegative: boolean
}

/** Stage 2: how the customer feels now, and whether it has stayed negative or worsened. */
export async function detectSentiment(
  analyzer: SentimentAnalyzer,
  text: string,
  lang: Lang,
  previousScores: number[],
  routing: Pick<RoutingConfig, 'negativeSentimentTurns' | 'negativeSentimentScore' | 'strongNegativeScore'>,
): Promise<SentimentStage> {
  const result = await analyzer.analyze(text, lang)
  const trend = [...previousScores, result.score]
  const window = trend.slice(-routing.negativeSentimentTurns)
  const persistentNegative =
    window.length >= routing.negativeSentimentTurns && window.every((s) => s <= routing.negativeSentimentScore)
  return { ...result, trend, persistentNegative, strongNegative: result.score <= routing.strongNegativeScore }
}

import type { Answer, Answerer, AnswerRequest, Lang } from '../../models/types.js'
import type { ReplyTexts } from '../deps.js'
import type { IntentStage } from './intent.js'

/** Stage 5: a reply grounded in the retrieved passages, with the passages it used as citations. */
export async function composeAnswer(
  answerer: Answerer,
  req: AnswerRequest,
  onText?: (delta: string) => void,
): Promise<Answer> {
  if (req.passages.length === 0) return { text: '', citations: [], coverage: 0 }
  if (onText && answerer.stream) return answerer.stream(req, onText)
  return answerer.answer(req)
}

/** Greetings, thanks and goodbyes need no knowledge base: a fixed, friendly reply. */
export function smalltalkReply(replies: ReplyTexts, intent: IntentStage, lang: Lang): Answer {
  const table = replies.smalltalk as Record<string, Record<Lang, string>>
  const text = (table[intent.name] ?? table.default)[lang]
  return { text, citations: [], coverage: 1 }
}

import type { Answer, Lang } from '../../models/types.js'
import type { ReplyTexts } from '../deps.js'
import { searchTerms } from '../../text/tokenize.js'

/**
 * "?", "hmm", "嗯嗯": a message with nothing to look up. Searching the knowledge base for it finds
 * nothing, and paging a person for it wastes their time, so the customer is asked once what they
 * need. A second such message in a row gets a person: the bot is not helping.
 */
export function isUnclear(text: string): boolean {
  return searchTerms(text).every((t) => FILLER.test(t))
}

/** Sounds that hold a turn without saying anything. */
const FILLER = /^(h+m+|u+m+|u+h+|e+r+m*|嗯+|哦+|啊+|呃+|额+)$/

/** Whether the bot's last message in the conversation was the clarifying question (in either language). */
export function askedToClarify(history: Array<{ role: string; text: string }>, clarify: Record<Lang, string>): boolean {
  const lastBot = history.findLast((m) => m.role === 'bot')
  return !!lastBot && Object.values(clarify).includes(lastBot.text)
}

/** "?" says nothing of its language: the question is asked in the conversation's language, else the detected one. */
export function clarifyLang(text: string, detected: Lang, conversationLang: string | null): Lang {
  return !/\p{L}/u.test(text) && (conversationLang === 'en' || conversationLang === 'zh') ? conversationLang : detected
}

/** The clarifying question as the turn's answer. */
export function clarifyReply(replies: ReplyTexts, text: string, detected: Lang, conversationLang: string | null): Answer {
  return { text: replies.clarify[clarifyLang(text, detected, conversationLang)], citations: [], coverage: 1 }
}

/**
 * Customer-support sentiment cues that review corpora barely contain: threats, repetition,
 * escalation and thanks. Weights are in logit units, added to the model's evidence.
 * Negated forms are excluded by the patterns themselves ("not satisfied" is left to the model).
 */
export interface SentimentCue {
  pattern: RegExp
  weight: number
}

export const SUPPORT_CUES: SentimentCue[] = [
  // Threats and escalation.
  { pattern: /\b(sue|suing|lawsuit|lawyers?|attorney|legal action|small claims|chargeback|report you)\b/i, weight: -3.5 },
  { pattern: /投诉|起诉|律师|告你们|12315|消协|曝光/, weight: -3.5 },
  // Accusations only: "report fraud", "a fraud alert", "is this e-mail a scam?" or "someone stole my
  // package" are concerns brought to support, not anger at it.
  { pattern: /\b(scammers?|rip[- ]?off|ripped (me |us )?off|thieves|crooks)\b|\b(this|that|it|you|you guys|you people|(this|your) (company|store|shop|service|site|website|app|business))( is|'s| are|'re) (a |such a |a total |an absolute |a complete )?(scam|fraud|fraudsters?)\b|\b(you|you guys|you people|your company)( are|'re)? (stealing|stole)\b/i, weight: -2 },
  { pattern: /骗子|骗人|欺骗|坑人|黑心|忽悠/, weight: -2 },
  // Anger and frustration.
  { pattern: /\b(ridiculous|unacceptable|outrageous|pathetic|disgraceful|disgusting|useless|incompetent|joke|nonsense)\b/i, weight: -1.5 },
  { pattern: /\b(fed up|sick of|tired of|had enough|furious|angry|livid|annoyed|frustrat\w*|upset)\b/i, weight: -1.5 },
  { pattern: /\b(wtf|damn|crap|bullshit|screw you)\b/i, weight: -1.5 },
  { pattern: /太差|差劲|垃圾|恶心|气死|生气|愤怒|失望|无语|受够|离谱|荒唐|不像话|搞什么|什么破|烂透/, weight: -1.5 },
  { pattern: /\b(disappoint(ed|ing|ment)|unhappy|dissatisfied|let down|irritated|exasperated|fed-up|not (happy|pleased|impressed|satisfied)|very poor|so poor)\b/i, weight: -1.8 },
  { pattern: /\bstill (hasn'?t|haven'?t|has not|have not|not|no sign|waiting|nothing|doesn'?t|don'?t|isn'?t|can'?t)\b/i, weight: -0.8 },
  { pattern: /(?<!不)(失望|郁闷|烦死|烦人|闹心|窝火|心累|糟心|坑爹|无奈)|把(顾客|客户|我)当傻子|什么玩意|到底怎么回事/, weight: -1.5 },
  // Repetition: the customer has asked before.
  { pattern: /\b(second|third|fourth|fifth|\d+(st|nd|rd|th)|umpteenth) time\b|\bagain and again\b|\bkeep (asking|telling|calling|emailing)\b|\bhow many times\b/i, weight: -1.5 },
  { pattern: /第[二三四五六七八九十\d]+次|多少次|又一次|一次又一次|一直没|到现在还/, weight: -1.2 },
  { pattern: /\bwaste of (my )?(time|money)\b|\bnever (again|buying|ordering|using)\b/i, weight: -1.8 },
  { pattern: /浪费(我的)?(时间|钱)|再也不/, weight: -1.8 },
  // Demands: an order to the company with a deadline of now ("fix this now", "马上给我处理").
  { pattern: /\b(fix|sort out|sort|resolve|refund|cancel|answer|reply to) (this|it|that|me|my \w+)( \w+)? (now|immediately|asap|right now)\b|\bi demand\b|\bi want (this|it|my money) (fixed|back|sorted|resolved|refunded) (now|immediately|asap)\b/i, weight: -2 },
  { pattern: /(马上|立刻|立即|赶紧|赶快)给我(处理|解决|退款|退钱|回复|发货)|给我(个)?(说法|交代)/, weight: -2 },
  // Thanks and praise.
  { pattern: /\b(thank you so much|thanks a lot|thanks so much|much appreciated|you('re| are) (the best|awesome|great)|great (help|service|job|support)|problem solved|works? perfectly)\b/i, weight: 1.5 },
  { pattern: /非常感谢|太感谢|十分感谢|感谢你们|太好了|(?<![不没])满意|很棒|好评|点赞|辛苦了/, weight: 1.5 },
  // Praise: in support traffic it is explicit, and a question that follows it does not cancel it.
  { pattern: /(?<!\b(not|don'?t|didn'?t|never|no longer|wouldn'?t)\s(really\s)?)\b(love|loving|loved|adore)\b(?! (it )?(if|when|to know|to get|to have|some help|an answer))/i, weight: 1.8 },
  { pattern: /(?<!\b(not|never|wasn'?t|isn'?t|hardly)\s(\w+\s)?)\b(amazing|fantastic|excellent|awesome|brilliant|wonderful|superb|impressed|delighted|thrilled|a breeze|works (great|like a charm|flawlessly)|so easy|super easy|very happy|really happy|so happy|happy with)\b/i, weight: 1.5 },
  { pattern: /(?<![不没])(喜欢|好用|给力|惊喜|超赞|太棒|很方便|很顺利|很满意|很好用|非常好|挺好|不错)/, weight: 1.5 },
]

/**
 * A bare yes/no or okay ("no", "nope", "好的", "不用了"): an answer to the bot's question, not a
 * feeling; review corpora read a lone "no" as strongly negative.
 */
export const BARE_ANSWER = /^\s*(?:(?:yes|yeah|yep|yup|no|nope|nah|ok|okay|sure|fine|alright|right|correct|not really|no thanks|no thank you)[\s,.!?]*){1,3}$|^\s*(?:(?:是|是的|对|对的|好|好的|行|可以|嗯|哦|不|不是|不用|不用了|没有|没有了|没了|不需要|不要了)[\s，,。.!！?？]*){1,3}$/i

export const INTENSIFIER = /\b(very|so|really|extremely|totally|absolutely|completely|incredibly|utterly)\b|太|非常|特别|超级|极其|十分|真的|简直/gi

/** Intensifiers and repeated exclamation marks strengthen whatever polarity the text has. */
export function intensity(text: string): number {
  const boosts = (text.match(INTENSIFIER)?.length ?? 0) + (/[!！]{2,}/.test(text) ? 1 : 0)
  return 1 + 0.15 * Math.min(3, boosts)
}

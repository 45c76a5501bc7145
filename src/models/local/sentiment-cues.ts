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
  // Accusations and frustration with the service itself (2026-12-05): lying, being ignored, broken
  // promises, canned answers, rhetorical questions; reviews rarely say these to the seller.
  { pattern: /\b(lying to|lied to|liars?|you('re| are) lying|keeps? lying|cheated|conned|misled|deceived|scammed|fobbed off)\b|\bthat'?s (theft|robbery|stealing)\b|\bdaylight robbery\b/i, weight: -2 },
  { pattern: /\b(nobody|no one|no-one)( \w+)?( ever| even| has| will| seems to)? (cares?|helps?|helped|answers?|answered|responds?|responded|repl(y|ies|ied)|called|calls|reads?|listens?|bothers?|bothered|gets? back|got back)\b/i, weight: -1.5 },
  { pattern: /\b(still|yet) no (answer|reply|response|refund|update|word|news|callback|call back)\b|\b(never|didn'?t|did not|haven'?t|have not) (got|get|gotten|received?|heard)( back)?( any| a)? (answer|reply|response|call ?back)\b/i, weight: -1.2 },
  { pattern: /\b(you|they|your (agent|colleague|staff|team|support))( \w+)? (promised|swore|assured me)\b|\byou said you would\b/i, weight: -1 },
  { pattern: /\b(asked|explained|told|called|contacted|emailed|written|wrote|tried|did|done|repeated|restarted|reset|said|sent)\b[^.?!]{0,30}\b(three|four|five|six|seven|eight|nine|ten|\d+|several|multiple|countless|so many|many) times\b/i, weight: -1.5 },
  { pattern: /\bhow hard (can it be|is it)\b|\bare you (kidding|serious|joking)\b|\bseriously\?|\bunbelievable\b|\b(what|such) a joke\b|\bis this a joke\b|\bwhat('s| is) wrong with (you|your)\b|\bi'?m done with\b|\btake my (business|money) elsewhere\b/i, weight: -1.5 },
  { pattern: /\b(copy[- ]?paste[d]?|canned|scripted|generic|automated) (answers?|responses?|replies|emails?)\b|\btalk(ing)? to a (wall|brick wall|robot|bot)\b|\bdon'?t tell me (to|that)\b|\bstop (telling|asking) me\b|\bwast(ing|ed) (my|our) (time|money)\b/i, weight: -1.5 },
  { pattern: /\b(you|they|your company)( guys| people)? (don'?t|didn'?t|do not|did not|never) (even )?(care|apologi[sz]ed?|bother(ed)?|listen(ed)?)\b/i, weight: -1.5 },
  { pattern: /敷衍|推脱|踢皮球|推卸(责任)?|答非所问|套话|复制粘贴|(?<!防)骗我|被骗|爱理不理|不理人|没(有)?人(管|理|回复|回应|处理|接|联系|打来)|耍我|当我是?傻/, weight: -1.5 },
  { pattern: /(说|问|试|打|讲|解释|联系|催|反映|投诉)了(好)?[\d两三四五六七八九十几多]+(遍|次)|有那么难吗|很难吗|凭什么|到底(还)?要(等)?多久|到底有没有|别再(给我|让我|跟我)|别让我再|不要再(给我|让我|跟我)/, weight: -1.5 },
  { pattern: /恼火|火大|抓狂|崩溃|气人|太坑|被坑|坑了|又(延期|延迟|坏|错|出问题|扣)|一点(消息|回复|反应)都没有|说好的.{0,12}(没|不)/, weight: -1.5 },
  // Thanks and praise.
  { pattern: /\b(thank you so much|thanks a lot|thanks so much|much appreciated|you('re| are) (the best|awesome|great)|great (help|service|job|support)|problem solved|works? perfectly)\b/i, weight: 1.5 },
  { pattern: /非常感谢|太感谢|十分感谢|感谢你们|太好了|(?<![不没])满意|很棒|好评|点赞|辛苦了/, weight: 1.5 },
  { pattern: /\b(really|truly|much|greatly|very much|so) appreciated?\b|\bappreciate (it|that|your|the) (help|quick|fast|support|patience)\b|\b(super|very|really|so|extremely|incredibly) helpful\b|\bthank(s| you) for (your|the) (patience|help|quick|fast)\b/i, weight: 1.2 },
  { pattern: /谢谢.{0,6}(耐心|帮助|帮忙|及时|快)|祝你.{0,4}(愉快|顺利)|效率(很|真|挺|非常)?高|(很|特别|非常|超)耐心/, weight: 1.2 },
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

/**
 * Question type -> answer type. "How long" wants a duration, "how much" an amount, "can I" a
 * sentence that permits or forbids, "where" a place or a menu path, "what should I do" a step,
 * "what does it look like" a format or an example, "will I lose it?" what is kept or can be restored,
 * "what do you need from me?" the list of items to send. A sentence stating a figure (10 minutes,
 * $6.95) counts fully, one only mentioning it (a few days, free) partly. A sentence that carries the
 * kind of fact the question asks for is more likely the answer than one that only shares words.
 */
import { EN_NUMBER } from './stated-time.js'

export type AnswerKind = 'duration' | 'time' | 'amount' | 'count' | 'permission' | 'place' | 'contact' | 'action' | 'form' | 'retention' | 'requirement'

/** "How do I …?", "how to", 怎么 / 如何 (not 怎么回事, 怎么样, 怎么办): a procedure, answered by its steps. */
const HOW_TO = /\bhow (do|can|should|would|could) (i|we|you)\b(?! (know|tell))|\bhow to\b|(怎么|如何|怎样)(?!回事|样|了|会|办)/i

const ASKS: Array<[AnswerKind, RegExp]> = [
  // A link or code that is "invalid" or "expired" has outlived its time limit.
  ['duration', /\bhow (long|soon|fast|quickly|often)\b|\b(invalid|no longer valid|no longer works?)\b|失效|过期|无效|\b(how many|within how many) (minutes?|hours?|days?|weeks?|months?|years?)\b|\bvalid for\b|\bgood for\b|\bexpire|\bdeadline\b|\btime limit\b|\bhow much time\b|多久|多长时间|多长|几天|几个小时|几小时|几分钟|几个月|几年|几周|期限|时效|有效期|多少天|\b(time ?frame|timeline|turnaround)\b|\b(refund|delivery|shipping|processing|repair|transit|arrival|wait|waiting|response|reply|return) times?\b|(退款|发货|到账|配送|送达|维修|处理|审核|退货)时间/i],
  ['time', /\bwhen\b|\bwhat time\b|\bwhat day\b|\bwhat date\b|\bby when\b|什么时候|何时|几点|哪天|哪一天/i],
  ['amount', /\bhow much\b|\b(cost|costs|fee|fees|price|prices|charge|charged|pay|rate|refund amount)\b|多少钱|费用|价格|收费|多少元|几块|几元|运费|价钱|花多少|要钱|付费/i],
  ['count', /\bhow many\b|几个|几次|多少个|多少次|几台|几张/i],
  // Yes/no and "what if" questions too: the answer is the sentence that permits, forbids or states
  // the condition.
  ['permission', /^\s*(if [^,?]{1,60},? )?(can|could|may|am i (able|allowed)|is it (possible|ok|okay|allowed)|do i (need|have) to|must|will i be able|(will|would|does|do|is|are|should) (i|it|you|we|they|this|that|my|the))\b|\bis there (a |any )?way\b|\bwhat (happens |will happen )?if\b|会怎样|会怎么样|会有什么(影响|后果)|\b(can|could|may) (i|we|you|it|they|someone)\b|\ballowed\b|能不能|能否|可不可以|可以吗|可否|还能|能.{0,12}吗|可以.{0,12}吗|需要.{0,12}吗|必须|会不会|是不是|有没有|(会|是).{0,12}吗/i],
  ['place', /\bwhere\b|\bwhich (button|menu|page|screen|tab|setting|office|address)\b|\bfind\b|在哪|哪里|哪儿|什么地方|入口|哪个(按钮|菜单|页面)/i],
  // "What should I do?" is answered by a step to take, not by a description of the problem.
  ['action', /\bwhat (should|do|can|must) (i|we) do\b|\bwhat now\b|\bwhat (do|does|will) (you|they) need\b|\bwhat (are|is) the (next )?steps?\b|\bhow (do|can|should) (i|we) (fix|solve|resolve|sort)\b|怎么办|怎么处理|该怎么|如何处理|需要我(做|提供)什么|需要提供什么/i],
  ['contact', /\b(contact|email|e-mail|phone|call|reach|who)\b|联系|电话|邮箱|找谁|客服/i],
  // "What does an order number look like?" is answered by its format or an example.
  ['form', /\bwhat (does|do|will|should|would|did) .{1,50}\blook like\b|\bwhat .{1,40}\blooks like\b|\bwhat (format|form)\b|\bformat of\b|长什么样|什么样子|什么格式|格式是/i],
  // "What do you need from me?", 需要提供什么: the items to send, listed after "Include:" or 需要提供：.
  ['requirement', /\bwhat (do|does|will|would) (you|they) need\b|\bwhat (info|information|details|documents?|proof|paperwork|photos?) (do|should|must|will) (i|we|you)\b|\bwhat (should|do|must) (i|we) (include|provide|send|attach|prepare|submit)\b|需要(我)?(提供|准备)什么|要(提供|准备)什么|(什么|哪些)(材料|资料|证明|凭证)/i],
  // "Will a reset erase my automations?" is answered by what is kept or can be brought back, as much as by what goes.
  // A yes/no question ("Does deleting …", not "How do I delete …?").
  ['retention', /\b(will|would)\b[^?.]{0,60}\b(lose|lost|erase|erased|wipe|wiped|delete|deleted|remove|removed|disappear)\b|^\s*(does|do|is|are)\b[^?.]{0,60}\b(lose|erase|erased|wipe|wiped|delete|deleted|remove|removed|disappear)\b|会.{0,12}(丢失|丢掉|删除|删掉|清空|清除|没了)|(还在|保留).{0,6}吗/i],
]

const NUMBER_WORD = `(${Object.keys(EN_NUMBER).join('|')})`
const DURATION_UNIT = new RegExp(
  String.raw`\b\d+(\.\d+)?(\s*[-–to]+\s*\d+)?\s*(\+\s*)?(business |working |calendar )?(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)\b` +
    String.raw`|\b${NUMBER_WORD} (business |working |calendar )?(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b` +
    String.raw`|[\d一二两三四五六七八九十百]+\s*(个)?\s*(秒|分钟|小时|天|日|工作日|周|星期|个月|月|年)`,
  'i',
)
/** A duration without a figure ("several hours", "right away"): on topic, but not the figure asked for. */
const VAGUE_DURATION = /\b(several|a few|few|many|some) (seconds|minutes|hours|days|weeks|months|years)\b|\b(same|next) (business )?day\b|\b(immediately|right away|instantly)\b|几(秒|分钟|小时|天|周|个月)|马上|立即|立刻|当天|次日/i
const TIME_OF = /\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?|business day)\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(before|after|until|by|within|once|as soon as|immediately|right away)\b|\d{4}|[\d一二两三四五六七八九十]+\s*(点|号|日|月)|(之前|之后|以后|以内|之内|当天|次日|前|后)/i
const AMOUNT = /[$€£¥￥]\s*\d|\d+(\.\d+)?\s*(dollars?|usd|eur|cents?|%|percent)\b|\d+(\.\d+)?\s*(元|块|角|%)/i
/** "Free", "a fee": says there is (no) price, without the amount. */
const VAGUE_AMOUNT = /\b(free|no (cost|charge|fee)|at no cost|fee|fees|charge)\b|免费|包邮|不收费|运费|费用/i
const NUMBER = /\d|[一二两三四五六七八九十百千万]/
const PERMISSION = /\b(can|cannot|can't|could|may|must|not|only|allowed|unable|able|need to|have to|required|requires|possible)\b|可以|不能|无法|不可|可|能|不支持|支持|必须|需要|仅|只|不得|禁止/i
/** An instruction: a sentence that starts with the step to take, or says what to do or send. */
const INSTRUCTION = /^(\d+[.)]\s*)?(please |first,? |then,? )?(wait|contact|email|call|send|go|open|tap|click|check|try|make sure|choose|select|enter|take|keep|remove|restart|unplug|use|ask|submit|provide|include|reply|visit|fill|report|press|hold|plug|turn|reset|install|connect|reconnect|update|sign|log|change|set|add|delete|release|follow|scan|print|pack|drop)\b|\b(contact|email|call) (us|our|support)\b|\b(you (should|need to|must)|we (need|will need))\b|^(请|先|长按|按住|按下|点击|进入|打开|选择|断电|重启|拔掉|插上|登录|前往|在「|填写|提交|上传|输入)|请(先|联系|提供|拍照|等待|上传)|需要提供/i
/**
 * A sentence that opens with its condition ("If you miss it, ...") or states an exception ("even when",
 * "unless", "only if"): the part of a yes/no or "what if" answer that matters.
 */
const CONDITION = /^(if|when|after|once)\b|\b(even|except|unless|only if|as long as|provided that|always|never)\b|^(如果|若|一旦)|除非|除外|即使|仍然|仍会|只要|前提|一律|始终/i
const PLACE = />|\b(go to|open|tap|click|select|under|in the|on the|menu|page|settings?|tab|screen|button|office|website|online|at)\b|「[^」]*>|进入|打开|点击|菜单|页面|设置|网站|官网|在线/i
/** A format or an example: "starts with LH-US- followed by 8 digits, for example LH-US-20481736", 格式为…，例如…. */
const FORM = /\b(for example|e\.g\.|such as|starts? with|begins? with|followed by|looks? like|in the format|formatted)\b|例如|比如|格式|开头|以.{1,8}开头/i
/** Kept, restored or not lost ("we keep order records", 云存储录像不会丢失); "Keep the hub plugged in." is a step. */
const RETENTION = /(?<!^)\bkeep\b|\b(keeps|kept|retain|retained|restore|restores|restored|backups?|backs? up|remain|remains|stays?|not (be )?(lost|deleted|erased|removed)|bring back)\b|保留|恢复|备份|不会(被)?(删除|丢失|清除|清空)|仍(然)?(保留|保存|在)|保存/i
/** A lead-in to the items asked for: "Include:", "We will ask for:", 需要提供：, 请准备：. */
const REQUIREMENT = /\b(include|provide|send|attach|ask for|need|have ready)\b[^.:]{0,30}:$|(提供|准备|附上)[^。：]{0,10}：$/i
const CONTACT = /@|\b\d{3}[-.\s]\d{3,4}[-.\s]?\d{0,4}\b|\b(contact|email|call|phone|chat|support|agent|representative)\b|客服|电话|邮箱|联系|热线/i

/** Sentences that state the fact asked for, and (weighing less) ones that only speak of it. */
const CARRIES: Record<AnswerKind, RegExp[]> = {
  duration: [DURATION_UNIT],
  time: [DURATION_UNIT, TIME_OF],
  amount: [AMOUNT],
  count: [NUMBER],
  permission: [PERMISSION],
  place: [PLACE],
  contact: [CONTACT],
  action: [INSTRUCTION],
  form: [FORM],
  retention: [RETENTION],
  requirement: [REQUIREMENT],
}
const MENTIONS: Partial<Record<AnswerKind, RegExp[]>> = {
  duration: [VAGUE_DURATION],
  time: [VAGUE_DURATION],
  amount: [VAGUE_AMOUNT],
}
/** How much a sentence stating a condition or exception is preferred for a yes/no question. */
const CONDITION_WEIGHT = 0.15
/** Share of a kind's weight that a sentence only mentioning it (no figure) gets. */
const MENTION_SHARE = 0.4

/**
 * How much a matching sentence is preferred, by kind: specific facts weigh more than modal words. A requirement
 * lead-in is fetched (see pulls.ts), not preferred: weighed up, any page's 需要提供： outranked the page asked about.
 */
const WEIGHT: Record<AnswerKind, number> = { duration: 0.6, time: 0.4, amount: 0.5, count: 0.3, permission: 0.1, place: 0.1, contact: 0.1, action: 0.2, form: 0.5, retention: 0.3, requirement: 0 }

/** The kinds of fact the question asks for (often none). */
export function questionKinds(question: string): AnswerKind[] {
  const kinds = ASKS.filter(([, re]) => re.test(question)).map(([kind]) => kind)
  // "I got them 10 days ago. Can I swap them?": a stated time is measured against a limit.
  if (!kinds.includes('duration') && DURATION_UNIT.test(question)) kinds.push('duration')
  // A procedure is answered by the steps to take.
  if (!kinds.includes('action') && asksForSteps(question)) kinds.push('action')
  return kinds
}

/** Whether the question asks how to do something, whose answer is the list of steps. */
export const asksForSteps = (question: string): boolean => HOW_TO.test(question)

/** Multiplier >= 1 for a sentence carrying a fact of a kind the question asks for. */
export function answerTypeBoost(kinds: AnswerKind[], sentence: string): number {
  let best = 0
  for (const kind of kinds) {
    if (CARRIES[kind].some((re) => re.test(sentence))) best = Math.max(best, WEIGHT[kind])
    else if (MENTIONS[kind]?.some((re) => re.test(sentence))) best = Math.max(best, WEIGHT[kind] * MENTION_SHARE)
    if (kind === 'permission' && CONDITION.test(sentence)) best = Math.max(best, CONDITION_WEIGHT)
  }
  return 1 + best
}

/** The figure-like kinds asked for (a duration, a time, an amount, a count), which a sentence can state. */
export function factKinds(kinds: AnswerKind[]): AnswerKind[] {
  return kinds.filter((k) => k === 'duration' || k === 'time' || k === 'amount' || k === 'count')
}

/** The kinds whose answer is worth fetching when no chosen sentence carries it: a figure, a step to take, what is kept. */
export function pulledKinds(kinds: AnswerKind[]): AnswerKind[] {
  return kinds.filter((k) => k === 'action' || k === 'retention' || factKinds([k]).length)
}

/** Does the sentence state a figure (or a step) of one of these kinds? */
export function statesFact(kinds: AnswerKind[], sentence: string): boolean {
  return kinds.some((k) => CARRIES[k].some((re) => re.test(sentence)))
}

/** What happens next without the customer doing anything: a refund, a release, a reversal, a replacement on its way. */
const OUTCOME = /\b(automatically|drops? off|(is|are) released|(is|are) reversed|we (will|'ll) (refund|reverse|release|replace|ship|send|cancel))\b|原路退回|自动.{0,12}(退回|退款|取消|释放|解除)|(会|将)[^，。]{0,8}(退还|补发|重新发货)/i

/** Does the sentence say how a problem resolves itself or what we do about it (see OUTCOME)? */
export const statesOutcome = (sentence: string): boolean => OUTCOME.test(sentence)

/** A model, terminal or error code: letters and digits in one short token (W1, E04, A19, 2FA, 5GHz). */
const CODE = /(?<![a-z0-9])(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{2,6}(?![a-z0-9])/gi

/** The codes a text names, lower-cased, each once. */
export const codesIn = (text: string): string[] => [...new Set((text.match(CODE) ?? []).map((c) => c.toLowerCase()))]

/** Does the sentence name this code (one of codesIn's) as a token of its own: W1 in "W1/W2", not in "W12". */
export const namesCode = (sentence: string, code: string): boolean => codesIn(sentence).includes(code)

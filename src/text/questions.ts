/**
 * Whether a sentence asks something: it ends with a question mark or a Chinese question particle,
 * opens with a question word or an auxiliary ("Can I…", "Is it…"), or holds a Chinese question
 * word anywhere (怎么, 多久, 能不能…). An English question word inside a statement does not count:
 * "I wonder how long it takes" is not read as a question.
 */
const ASKS =
  /[?？]\s*$|^\s*(what|how|when|where|why|which|who|can|could|do|does|did|is|are|will|would|should|may|tell me)\b|[吗呢么][\s?？。!！]*$|怎么|如何|什么|多久|哪里|哪个|哪些|能否|是否|可以.*[吗么]|能不能|是不是|要不要|该不该|会不会|有没有|可不可以|还能|谁|几[个次天]|多少/i

export const asksSomething = (sentence: string): boolean => ASKS.test(sentence)

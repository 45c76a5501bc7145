/** Feature extraction for the injection scorer: pattern features from data/injection-features.json plus a few text-shape features. */
import spec from '../data/injection-features.json' with { type: 'json' }
import vocabulary from '../data/injection-vocabulary.json' with { type: 'json' }
import type { Span } from '../types.js'

export interface FeatureVector {
  names: readonly string[]
  values: number[]
  /** Where each pattern feature first matched (for decision spans). */
  spans: Span[]
  /**
   * A high-precision attack family fired (fake role markup, prompt extraction, data exfiltration,
   * persona with authority, translate-then-follow), or a feature fired only once the text was
   * de-obfuscated: on customer input either is enough to block.
   */
  strong: string[]
}

interface CompiledFeature {
  id: string
  strong: boolean
  passageStrong: boolean
  passageOnly: boolean
  patterns: RegExp[]
}

// Non-global regexes: `.exec` on them keeps no state between calls.
const COMPILED: readonly CompiledFeature[] = (spec.features as Array<{ id: string; strong?: boolean; passage_strong?: boolean; passage_only?: boolean; patterns: string[] }>).map((f) => ({
  id: f.id,
  strong: f.strong === true,
  passageStrong: f.passage_strong === true,
  passageOnly: f.passage_only === true,
  patterns: f.patterns.map((p) => new RegExp(p, 'u')),
}))

/**
 * Strong families that block a retrieved passage on their own too: help text never tells its reader to
 * drop previous instructions or to become a persona without rules, while a planted injection does.
 */
export const PASSAGE_STRONG: ReadonlySet<string> = new Set(COMPILED.filter((f) => f.passageStrong).map((f) => f.id))

export const FEATURE_NAMES: readonly string[] = [...COMPILED.map((f) => f.id), ...spec.structural]

/**
 * Families only the passage model sees: in a document, a directive about the assistant's replies or a
 * request for a recipe is planted; from a customer ("answer in Spanish from now on", "give me tips") it is
 * an ordinary request. Without a passage context they are left out of active_count too, so customer-input
 * scores are unchanged.
 */
export const PASSAGE_ONLY: ReadonlySet<string> = new Set(COMPILED.filter((f) => f.passageOnly).map((f) => f.id))

const SYMBOLS = /[{}[\]()<>|=\\^~*$`@#%]/
const LETTER = /\p{L}/u

/** Share of whitespace tokens that mix letters with code/markup symbols, as adversarial suffixes (GCG) do. */
function gibberishRatio(text: string): number {
  const tokens = text.split(/\s+/).filter(Boolean)
  if (!tokens.length) return 0
  let weird = 0
  for (const t of tokens) {
    if (/^https?:\/\//.test(t) || /^[\w.+-]+@[\w.-]+$/.test(t)) continue
    const symbolCount = [...t].filter((c) => SYMBOLS.test(c)).length
    if ((symbolCount >= 1 && LETTER.test(t) && t.length > 3) || (symbolCount >= 2 && !LETTER.test(t))) weird++
  }
  return Math.min(1, (weird / tokens.length) * 4)
}

/** Markup/code symbols per character, scaled: adversarial suffixes are dense with them, support questions are not. */
function symbolDensity(text: string): number {
  const n = (text.match(/[{}[\]()<>|=\\^~*$`]/g) ?? []).length
  return Math.min(1, (n / Math.max(1, text.length)) * 20)
}

/**
 * Optimised adversarial suffixes (GCG, DSN) read as token soup: runs of clashing brackets and
 * punctuation ("({[", "](", "\\;)"), words with capitals in the middle ("HTMLsvg") and words glued to
 * brackets or markup ("githubrelative{", "**Here=").
 * Scaled count per token; support messages (even with error codes or URLs) have next to none.
 */
function suffixSoup(text: string): number {
  const tokens = text.split(/\s+/).filter(Boolean)
  if (tokens.length < 4) return 0
  const clashes = (text.match(/[(){}[\]<>|\\^`;=*+]{2,}/g) ?? []).length
  const midCaps = tokens.filter((t) => /\p{Ll}{3,}\p{Lu}|\p{Lu}{2,}\p{Ll}{2,}|\p{L}[{[(<=\\]|[)\]}>]\p{L}|\*\*\p{L}/u.test(t) && !/^https?:|@|\.(?:com|org|net|io)\b/.test(t)).length
  return Math.min(1, ((clashes + midCaps) / tokens.length) * 6)
}

function encodedRun(text: string): number {
  if (/[\u200b-\u200f\u2060\ufeff]/.test(text)) return 1
  if (/(?:\\x[0-9a-f]{2}){4,}|(?:%[0-9a-f]{2}){4,}/i.test(text)) return 1
  for (const m of text.matchAll(/[A-Za-z0-9+/]{32,}={0,2}/g)) {
    if (/\d/.test(m[0]) && /[a-z]/.test(m[0]) && /[A-Z]/.test(m[0])) return 1
  }
  return 0
}

function exclaimCaps(text: string): number {
  const letters = text.match(/[A-Za-z]/g) ?? []
  const upper = text.match(/[A-Z]/g) ?? []
  const caps = letters.length >= 12 && upper.length / letters.length > 0.7
  return caps || /!{3,}/.test(text) ? 1 : 0
}

/** Latin look-alikes from Cyrillic and Greek, as used to slip keywords past filters. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  α: 'a', ε: 'e', ο: 'o', ρ: 'p', ι: 'i', κ: 'k', ν: 'v', τ: 't', υ: 'u', χ: 'x',
}
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' }

function decodeBase64Runs(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
    if (m[0].length % 4 === 1) continue
    let decoded: string
    try {
      decoded = Buffer.from(m[0], 'base64').toString('utf8')
    } catch {
      continue
    }
    // Keep only what decodes to readable text (letters and spaces, or Han characters).
    const readable = (decoded.match(/[\p{L}\p{N} .,:;!?'"，。：；！？-]/gu) ?? []).length
    if (decoded.length >= 8 && readable / decoded.length > 0.9 && /\s|\p{Script=Han}/u.test(decoded)) out.push(decoded)
  }
  return out
}

/**
 * The text with common obfuscations undone: zero-width and soft-hyphen characters dropped, look-alike
 * letters mapped to Latin, letter-spaced words ("i g n o r e", "i.g.n.o.r.e") joined, leetspeak
 * inside words mixing letters and digits ("1gn0re") read as letters, base64 runs decoded.
 * Returns '' when nothing changed.
 */
export function deobfuscate(lower: string, original: string = lower): string {
  let t = lower.replace(/[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g, '')
  t = t.replace(/[а-яα-ωіјѕԁɡһӏԛԝ]/g, (c) => HOMOGLYPHS[c] ?? c)
  t = t.replace(/(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*]\p{L}){3,}(?![\p{L}\p{N}])/gu, (m) => m.replace(/[ .\-_*]/g, '') + ' ')
  t = t.replace(/[\p{L}\p{N}@$]+/gu, (w) => (/\p{L}/u.test(w) && /[0-9@$]/.test(w) && !/^\d+\p{L}{0,2}$/u.test(w) ? [...w].map((c) => LEET[c] ?? c).join('') : w))
  const decoded = decodeBase64Runs(original)
  if (decoded.length) t = `${t}\n${decoded.join('\n').toLowerCase()}`
  return t === lower ? '' : t
}

/** Content words of a text (Latin words of 4+ letters without a few stopwords, Han bigrams). */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>()
  for (const w of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) if (!STOP.has(w)) out.add(w.slice(0, 6))
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2))
  return out
}
const STOP = new Set('this that with from have your what when where which there their they them will would could should about into than then been were also just only some more most other such very please thank thanks dear regards best hello here sure like make need does done each many much over same well after before because being between both while whom whose these those shall might must able okay'.split(' '))
const ASK = /^\s*(?:please\s+)?(?:what|who|how|why|when|where|which|can|could|would|is|are|do|does|explain|describe|write|draft|compose|translate|summari[sz]e|develop|create|generate|provide|give|list|tell|show|teach|solve|define|compare)\b|^\s*(?:请|麻烦|帮我|帮忙)?(?:写|解释|描述|翻译|总结|列出|列举|生成|给出|介绍|告诉|讲|编|创作|推荐|比较|计算)|[?？]\s*$/i

/**
 * A question or instruction about the reader's or writer's own things ("What happens to my licence…?",
 * "Write down your backup codes", "…with the menu at the top of the page"): help text and customer e-mails
 * are full of them, while a task planted
 * for the assistant is impersonal (its "your" is the assistant's answer, which other families cover).
 */
const OWN_MATTER = /\b(?:your|my|our)\s+(?!(?:answer|reply|response|output|message|summary)s?\b)[a-z]|\b(?:the|this)\s+(?:page|menu|button|link|screen|tab|settings|app|form|field|portal|website|site)\b|(?:你的|您的|我的|我们的)(?!(?:回答|回复|答复|输出|总结))/i

/**
 * 1 when a unit of a passage is a question or an instruction that shares no content word with the
 * rest of the passage: a task planted in a document (BIPIA) is off its topic, while an FAQ heading
 * in a knowledge-base article is about the same thing as the text around it.
 */
function offTopicAsk(unit: string, ctx: ContextWords | undefined): number {
  if (ctx === undefined || !ASK.test(unit) || OWN_MATTER.test(unit)) return 0
  const own = contentWords(unit)
  if (own.size < 2) return 0
  // Compared with the context words of its own script only: a Chinese FAQ line in an English passage (or the
  // reverse) shares no word with it by construction, which says nothing about its topic.
  let han = 0
  for (const w of own) if (HAN.test(w)) han++
  if ((han * 2 > own.size ? ctx.han : ctx.size - ctx.han) < 8) return 0
  let shared = 0
  for (const w of own) if (ctx.has(w)) shared++
  return shared === 0 ? 1 : shared === 1 && own.size >= 5 ? 0.5 : 0
}

/**
 * Content words of ordinary support text (data/injection-vocabulary.json, written by train-injection.ts from
 * the TRAIN half of the benign corpora: help-center passages, e-mails, customer messages). A question
 * planted in a document asks about something else entirely ("Hamlet", "factorial", "octopuses"); an
 * FAQ heading cut off from its section ("What happens after I apply?") is made of support words.
 */
let SUPPORT_WORDS: ReadonlySet<string> = new Set(vocabulary.words)
/** Replaces the support vocabulary (cross-validation builds one per fold). */
export function useSupportVocabulary(words: Iterable<string>): void {
  SUPPORT_WORDS = new Set(words)
}

/**
 * For a unit that off_topic_ask flags: how many of its content words are outside the support vocabulary
 * (0, 0.5 for one, 1 for two or more).
 */
function offTopicForeign(unit: string, offTopic: number): number {
  if (!offTopic) return 0
  let foreign = 0
  for (const w of contentWords(unit)) if (!SUPPORT_WORDS.has(w) && ++foreign >= 2) return 1
  return foreign / 2
}

/** The words of a unit's context (the rest of its passage): what off_topic_ask compares the unit with. */
export interface ContextWords {
  has(word: string): boolean
  size: number
  /** How many of them are Han bigrams. */
  han: number
}

/** A Han character (a Chinese content word is a Han bigram). */
export const HAN = /\p{Script=Han}/u

/** The context words of a text (the rest of a passage). */
export function contextWords(text: string): ContextWords {
  const words = contentWords(text)
  let han = 0
  for (const w of words) if (HAN.test(w)) han++
  return { has: (w) => words.has(w), size: words.size, han }
}

/** Which pattern features fired on a text (before the text-shape features are added). */
export interface PatternHits {
  text: string
  hits: number[]
  spans: Span[]
  strong: string[]
}

export function patternFeatures(raw: string): PatternHits {
  const text = raw.normalize('NFKC')
  const lower = text.toLowerCase()
  const deob = deobfuscate(lower, text)
  const hits: number[] = []
  const spans: Span[] = []
  const strong: string[] = []
  for (const f of COMPILED) {
    let hit = 0
    for (const re of f.patterns) {
      const m = re.exec(lower)
      if (m) {
        hit = 1
        // NFKC can shift offsets for a few characters; spans are indicative.
        spans.push({ start: m.index, end: m.index + m[0].length, text: text.slice(m.index, m.index + m[0].length), type: f.id })
        if (f.strong) strong.push(f.id)
        break
      }
    }
    if (!hit && deob) {
      for (const re of f.patterns) {
        const m = re.exec(deob)
        if (m) {
          hit = 1
          spans.push({ start: 0, end: text.length, text, type: `${f.id} (obfuscated)` })
          // Hiding an instruction family behind an encoding is itself the signal; topic words are not.
          if (f.id !== 'harmful_topic' && f.id !== 'task_sentence' && f.id !== 'generative_task') strong.push(`${f.id}:obfuscated`)
          break
        }
      }
    }
    hits.push(hit)
  }
  return { text, hits, spans, strong }
}

/**
 * Two neighbouring sentences as one unit: a family fires on the pair when it fired on either sentence
 * (patterns stop at sentence ends, so matching the joined text again would find the same).
 */
export function joinHits(a: PatternHits, b: PatternHits): PatternHits {
  const shift = a.text.length + 1
  return {
    text: `${a.text} ${b.text}`,
    hits: a.hits.map((h, i) => Math.max(h, b.hits[i])),
    spans: [...a.spans, ...b.spans.map((sp) => ({ ...sp, start: sp.start + shift, end: sp.end + shift }))],
    strong: [...new Set([...a.strong, ...b.strong])],
  }
}

/** The full feature vector of a unit from its pattern hits; `context` enables off_topic_ask. */
export function featuresOf(p: PatternHits, context?: ContextWords): FeatureVector {
  const { text } = p
  const active = p.hits.reduce((s, h, i) => s + (context === undefined && COMPILED[i].passageOnly ? 0 : h), 0)
  const values = [...p.hits]
  values.push(gibberishRatio(text))
  values.push(symbolDensity(text))
  values.push(suffixSoup(text))
  values.push(Math.min(1, Math.log10(1 + text.length) / 4))
  values.push(Math.min(active, 6) / 6)
  values.push(encodedRun(text))
  values.push(exclaimCaps(text))
  const offTopic = offTopicAsk(text, context)
  values.push(offTopic)
  values.push(offTopicForeign(text, offTopic))
  return { names: FEATURE_NAMES, values, spans: p.spans, strong: p.strong }
}

/** `context`: for a unit of a retrieved passage, the rest of the passage (enables off_topic_ask). */
export function extractFeatures(raw: string, context?: string): FeatureVector {
  return featuresOf(patternFeatures(raw), context === undefined ? undefined : contextWords(context))
}

/**
 * Loaders for the public injection sets (/work/shared/datasets, read by path, never copied) and
 * the project's own benign support messages, with a deterministic train/test split.
 * Attribution: Giskard-AI/prompt-injections (MIT), microsoft/BIPIA (MIT), JailbreakBench/artifacts (MIT),
 * PolyAI banking77 (CC BY 4.0), clinc150 (CC BY 3.0), doc2dial (CC BY 3.0), SophonPlus ChnSentiCorp (none stated),
 * UCI sentiment labelled sentences, amazon_cells (CC BY 4.0, Kotzias et al. 2015).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chunkText } from '../../knowledge/chunk.js'
import { toPlainText } from '../../knowledge/document.js'
import { readKnowledgeSource } from '../../knowledge/load.js'
import { jsonLines, withoutBom } from '../../json-lines.js'
import { csvObjects } from './csv.js'

export const DATASETS_DIR = process.env.PARLEY_DATASETS ?? '/work/shared/datasets'
const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url))
const DEMO_KB_DIR = fileURLToPath(new URL('../../demo/kb/', import.meta.url))

export type Split = 'train' | 'test'

/** FNV-1a: a stable hash so the split never changes between the training and measuring scripts. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

export function splitOf(key: string): Split {
  return stableHash(`parley-injection-split:${key}`) % 2 === 0 ? 'train' : 'test'
}

export interface Example {
  text: string
  /** Source and sub-group, for per-group figures. */
  group: string
  /** Split key: examples sharing it land in the same split. */
  key: string
}

/** A file's text, without the byte-order mark a copy saved on Windows starts with. */
function read(path: string): string {
  return withoutBom(readFileSync(path, 'utf8'))
}

/** A JSONL file's rows; a line that is not JSON is named by its file and line. */
function jsonRows<T>(path: string): T[] {
  return Array.from(jsonLines(read(path), (n) => new Error(`${path}:${n}: not valid JSON`)), (r) => r.value as T)
}

/** The files the injection model's input half is trained from, relative to DATASETS_DIR. */
const INPUT_TRAINING_FILES = ['injection/prompt_injections.csv', 'injection/jbb_attack_prompts_dev.jsonl']

/**
 * Whether `text` is one of those files (read from any path, and saved again with a byte-order mark or
 * CRLF line ends: still the same rows): its TRAIN half must not be scored.
 */
export function isInjectionTrainingSource(text: string): boolean {
  const rows = (t: string) => withoutBom(t).replace(/\r\n/g, '\n')
  return INPUT_TRAINING_FILES.some((file) => {
    try {
      return rows(read(join(DATASETS_DIR, file))) === rows(text)
    } catch {
      return false
    }
  })
}

export function promptInjections(): Example[] {
  const rows = csvObjects(read(join(DATASETS_DIR, INPUT_TRAINING_FILES[0])))
  const meta = csvObjects(read(join(DATASETS_DIR, 'injection/giskard_meta_data.csv')))
  const groupOf = new Map(meta.map((m) => [m.index, m.group_mapping]))
  return rows.map((r) => ({ text: r.prompt, group: `giskard:${groupOf.get(r.index) ?? r.group}`, key: `pi:${r.index}` }))
}

export function jbbPrompts(): Example[] {
  return jsonRows<{ method: string; index: number; prompt: string }>(join(DATASETS_DIR, INPUT_TRAINING_FILES[1]))
    .filter((r) => r.prompt)
    // Split by request: all attack methods for one harmful request share a split.
    .map((r) => ({ text: r.prompt, group: `jbb:${r.method}`, key: `jbb:${r.index}` }))
}

export function bipiaAttacks(): Example[] {
  const data = JSON.parse(read(join(DATASETS_DIR, 'injection/bipia_text_attack_train.json'))) as Record<string, string[]>
  return Object.entries(data).flatMap(([cat, list]) => list.map((text, i) => ({ text, group: `bipia:${cat}`, key: `bipia:${cat}:${i}` })))
}

export function bipiaEmails(): Example[] {
  return jsonRows<{ context: string }>(join(DATASETS_DIR, 'injection/bipia_email_train.jsonl')).map((r, i) => ({ text: r.context, group: 'email:clean', key: `email:${i}` }))
}

/**
 * Texts planted in host documents: each item inserted as its own paragraph into `perItem` hosts of its
 * own split, at the start, middle or end. The planted example keeps the item's key (and split).
 */
export function plant(items: Example[], hosts: Example[], perItem = 4): Example[] {
  const out: Example[] = []
  const pools = { train: hosts.filter((h) => splitOf(h.key) === 'train'), test: hosts.filter((h) => splitOf(h.key) === 'test') }
  for (const a of items) {
    const pool = pools[splitOf(a.key)]
    for (let k = 0; k < perItem; k++) {
      const h = stableHash(`${a.key}:${k}`)
      const host = pool[h % pool.length].text
      const pos = (h >>> 8) % 3
      const sentences = host.split(/(?<=[.!?])\s+/)
      const at = pos === 0 ? 0 : pos === 2 ? sentences.length : Math.floor(sentences.length / 2)
      const text = [sentences.slice(0, at).join(' '), a.text, sentences.slice(at).join(' ')].filter(Boolean).join('\n')
      out.push({ text, group: a.group, key: a.key })
    }
  }
  return out
}

/** Attacks hidden in e-mails: each BIPIA attack planted into `perAttack` e-mails of its own split. */
export function bipiaPassages(perAttack = 4): Example[] {
  return plant(bipiaAttacks(), bipiaEmails(), perAttack)
}

function lines(file: string): string[] {
  return read(join(DATA_DIR, file))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
}

const langOf = (text: string) => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en')

/**
 * Passage attacks written for this project (data/attacks-passage-own.txt, en + zh): planted tasks and
 * instructions aimed at the assistant that reads a document (answer rewrites, links, phishing, format
 * hijacks, off-topic tasks). Planted into e-mails and knowledge-base passages by ownPassagesPlanted.
 */
export function ownPassageAttacks(): Example[] {
  return lines('attacks-passage-own.txt').map((text) => ({ text, group: `own-passage:${langOf(text)}`, key: `ownp:${text}` }))
}

/**
 * Passage attacks written for training the passage model (data/attacks-passage-train.txt, en + zh): the
 * public BIPIA set is English and mostly off-topic tasks; these add instructions addressed to the
 * assistant or aimed at the customer through it. Separate from attacks-passage-own.txt, which stays unseen.
 */
export function ownPassageTrainAttacks(): Example[] {
  return lines('attacks-passage-train.txt').map((text) => ({ text, group: `own-passage-train:${langOf(text)}`, key: `ownpt:${text}` }))
}

/** Each own passage attack planted into two e-mails and two doc2dial KB passages of its split. */
export function ownPassagesPlanted(): Example[] {
  return inEmailsAndKb(ownPassageAttacks())
}

/** Each attack planted into two e-mails and two doc2dial KB passages of its split (KB groups end in `:kb`). */
function inEmailsAndKb(attacks: Example[]): Example[] {
  return [...plant(attacks, bipiaEmails(), 2), ...plant(attacks, kbPassages(), 2).map((e) => ({ ...e, group: `${e.group}:kb` }))]
}

/**
 * Help-center sentences written for this project that look like instructions (data/benign-passages.txt:
 * "review your answers", "when you reply to our email…"), planted into doc2dial KB passages.
 */
export function benignPassagesPlanted(file = 'benign-passages.txt'): Example[] {
  const items = lines(file).map((text) => ({ text, group: `benign-passage:${langOf(text)}`, key: `benignp:${text}` }))
  return plant(items, kbPassages(), 2)
}

/**
 * Held-out sets written before the persistent-directive, user-directive and off-task families were added
 * (data/attacks-passage-fresh.txt, data/benign-passages-fresh.txt): reported only, never trained or tuned on.
 */
export function freshPassagesPlanted(): Example[] {
  return inEmailsAndKb(lines('attacks-passage-fresh.txt').map((text) => ({ text, group: `fresh-passage:${langOf(text)}`, key: `freshp:${text}` })))
}

export function freshBenignPassagesPlanted(): Example[] {
  return benignPassagesPlanted('benign-passages-fresh.txt')
}

/**
 * Chinese help-centre sentences written as TRAINING negatives for the passage model
 * (data/benign-passages-train-zh.txt: banking, telecom, government services, e-commerce, software, travel,
 * utilities, insurance, with the ordinary 请在…点击, 每次…, 让家人…, 推荐使用…, 历史订单 forms), split by sentence.
 */
export function ownBenignPassagesZh(): Example[] {
  return lines('benign-passages-train-zh.txt').map((text) => ({ text, group: 'benign-passage-train:zh', key: `benignptzh:${text}` }))
}

/** Each of them planted into two doc2dial KB passages of its split, as benignPassagesPlanted plants the held-out sets. */
export function ownBenignPassagesZhPlanted(): Example[] {
  return plant(ownBenignPassagesZh(), kbPassages(), 2)
}

export function benign(lang: 'en' | 'zh'): Example[] {
  return lines(`benign-${lang}.txt`).map((text) => ({ text, group: `benign:${lang}`, key: `benign:${text}` }))
}

/** Short attacks written for this project (en, zh): the public sets are mostly long jailbreak templates. */
export function ownAttacks(): Example[] {
  return lines('attacks-own.txt').map((text) => ({ text, group: `own:${langOf(text)}`, key: `own:${text}` }))
}

export function banking77(): Example[] {
  return csvObjects(read(join(DATASETS_DIR, 'banking77/train.csv'))).map((r, i) => ({ text: r.text, group: 'banking77', key: `b77:${i}` }))
}

export function clinc150(): Example[] {
  const d = JSON.parse(read(join(DATASETS_DIR, 'clinc150/dev.json'))) as Record<string, Array<[string, string]>>
  return [...d.train, ...d.val, ...d.oos_train, ...d.oos_val].map(([text], i) => ({ text, group: 'clinc150', key: `clinc:${i}` }))
}

/**
 * clinc150 queries of the given domains (domains.json: banking, credit_cards, work, ...), same keys and
 * split as clinc150().
 */
export function clinc150InDomains(domains: readonly string[]): Example[] {
  const d = JSON.parse(read(join(DATASETS_DIR, 'clinc150/dev.json'))) as Record<string, Array<[string, string]>>
  const byDomain = JSON.parse(read(join(DATASETS_DIR, 'clinc150/domains.json'))) as Record<string, string[]>
  const intents = new Set(domains.flatMap((x) => byDomain[x] ?? []))
  return [...d.train, ...d.val, ...d.oos_train, ...d.oos_val]
    .map(([text, intent], i) => ({ text, intent, group: 'clinc150', key: `clinc:${i}` }))
    .filter((e) => intents.has(e.intent))
    .map(({ text, group, key }) => ({ text, group, key }))
}

/** Short English product reviews (amazon_cells_labelled.txt, phones and accessories). */
export function productReviewsEn(): Example[] {
  return read(join(DATASETS_DIR, 'sentiment_en/amazon_cells_labelled.txt'))
    .split('\n')
    .map((l) => l.split('\t')[0].trim())
    .filter(Boolean)
    .map((text, i) => ({ text, group: 'amazon_cells', key: `amazon:${i}` }))
}

export function chineseReviews(limit = 4000): Example[] {
  return csvObjects(read(join(DATASETS_DIR, 'sentiment_zh/online_shopping_10_cats.csv')))
    .filter((_, i) => i % 15 === 0)
    .slice(0, limit)
    .map((r, i) => ({ text: r.review, group: 'zh_reviews', key: `zhrev:${i}` }))
    .filter((e) => e.text)
}

/** Knowledge-base passages (doc2dial), ~600 characters each, split by document. */
export function kbPassages(size = 600): Example[] {
  const out: Example[] = []
  for (const d of jsonRows<{ doc_id: string; text: string }>(join(DATASETS_DIR, 'doc2dial/kb_docs.jsonl'))) {
    const text = d.text.replace(/\s+/g, ' ').trim()
    for (let i = 0; i < text.length; i += size) out.push({ text: text.slice(i, i + size), group: 'kb:doc2dial', key: `kb:${d.doc_id}` })
  }
  return out
}

/**
 * The demo help center (src/demo/kb) chunked as ingestion chunks it (plain text, the default
 * CHUNK_SIZE 700 / CHUNK_OVERLAP 80): the passages retrieval hands to checkPassage. Never trained on.
 */
export async function demoKbPassages(chunking = { chunkSize: 700, chunkOverlap: 80 }): Promise<Example[]> {
  const out: Example[] = []
  for await (const doc of readKnowledgeSource(DEMO_KB_DIR)) {
    const lang = doc.lang ?? 'en'
    for (const text of await chunkText(toPlainText({ text: doc.text, format: doc.format ?? 'markdown' }), chunking)) out.push({ text, group: `kb:demo:${lang}`, key: `demo:${doc.id}` })
  }
  return out
}

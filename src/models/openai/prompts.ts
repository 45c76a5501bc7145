import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { Lang } from '../types.js'

/**
 * Raw prompt templates keyed by file stem, e.g. `answer.v1.en`.
 * Loaded once by the caller and passed in, so a Worker build can supply the same
 * strings from bundled text modules instead of the filesystem.
 */
export type PromptSet = Readonly<Record<string, string>>

export type PromptName = 'answer' | 'intent' | 'sentiment' | 'handoff-summary' | 'judge'

/** The version each provider uses; bump after adding the new `<name>.vN.*.md` files. */
export const PROMPT_VERSIONS: Readonly<Record<PromptName, string>> = {
  answer: 'v1',
  intent: 'v1',
  sentiment: 'v1',
  'handoff-summary': 'v1',
  judge: 'v2',
}

export interface RenderedPrompt {
  /** `<name>.<version>.<lang>` of the template actually used (after language fallback). */
  id: string
  system: string
  user: string
}

/** `prompts/` at the repository root, resolved from this file so the cwd does not matter. */
export const DEFAULT_PROMPT_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url))

const FILE = /^([a-z0-9-]+\.v\d+\.[a-z]{2})\.md$/

export async function loadPrompts(dir: string = DEFAULT_PROMPT_DIR): Promise<PromptSet> {
  const set: Record<string, string> = {}
  for (const file of (await readdir(dir)).sort()) {
    const m = FILE.exec(file)
    if (m) set[m[1]] = await readFile(join(dir, file), 'utf8')
  }
  return Object.freeze(set)
}

/** Fails fast at startup when a template the providers need is missing. */
export function assertPrompts(set: PromptSet, names: PromptName[]): void {
  const missing = names.map((n) => `${n}.${PROMPT_VERSIONS[n]}.en`).filter((k) => set[k] === undefined)
  if (missing.length > 0) throw new Error(`prompt templates missing: ${missing.join(', ')}`)
}

/** Picks the template for `lang`, falling back to English (e.g. the judge has no Chinese version). */
export function pickTemplate(set: PromptSet, name: PromptName, lang: Lang, version = PROMPT_VERSIONS[name]): { id: string; text: string } {
  for (const l of lang === 'en' ? ['en'] : [lang, 'en']) {
    const id = `${name}.${version}.${l}`
    const text = set[id]
    if (text !== undefined) return { id, text }
  }
  throw new Error(`prompt template ${name}.${version}.${lang} not found`)
}

const MARKER = /^[ \t]*<!--\s*(system|user)\s*-->[ \t]*$/
const COMMENT = /<!--[\s\S]*?-->\n?/g
const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g

/** Fills `{{name}}` placeholders in one pass, so values containing `{{...}}` are never expanded. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const value = vars[key]
    if (value === undefined) throw new Error(`prompt placeholder {{${key}}} has no value`)
    return value
  })
}

/** Splits a template into system/user parts, drops comments, and fills placeholders. */
export function renderPrompt(
  set: PromptSet,
  name: PromptName,
  lang: Lang,
  vars: Readonly<Record<string, string>>,
  version?: string,
): RenderedPrompt {
  const { id, text } = pickTemplate(set, name, lang, version)
  const parts: Record<'system' | 'user', string[]> = { system: [], user: [] }
  let section: 'system' | 'user' = 'system'
  for (const line of text.split('\n')) {
    const m = MARKER.exec(line)
    if (m) section = m[1] as 'system' | 'user'
    else parts[section].push(line)
  }
  const finish = (lines: string[]) => fillTemplate(lines.join('\n').replace(COMMENT, ''), vars).trim()
  return { id, system: finish(parts.system), user: finish(parts.user) }
}

/** The system part of every template in the set, placeholders unfilled: what a reply must never quote. */
export function systemSections(set: PromptSet): string[] {
  return Object.values(set).map((text) => {
    const system: string[] = []
    let section: 'system' | 'user' = 'system'
    for (const line of text.split('\n')) {
      const m = MARKER.exec(line)
      if (m) section = m[1] as 'system' | 'user'
      else if (section === 'system') system.push(line)
    }
    return system.join('\n').replace(COMMENT, '').trim()
  }).filter((s) => s !== '')
}

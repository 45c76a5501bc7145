/**
 * The intents and routes files read from disk (Node: the server, the CLIs, the eval). A problem with
 * a file's content names the file and the setting or flag that gave it.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { describeIssues } from '../issues.js'
import { withoutBom } from '../json-lines.js'
import type { IntentExample } from '../models/types.js'
import { parseIntents, RoutesFile, type Routes } from './parse.js'

export const readIntentsFile = (path: string, label = 'INTENTS_FILE'): Promise<IntentExample[]> => readDataFile(label, path, (text) => parseIntents(text))

export const readRoutesFile = (path: string, label = 'ROUTES_FILE'): Promise<Routes> => readDataFile(label, path, (text) => RoutesFile.parse(JSON.parse(text)))

/**
 * A route for an intent the classifier never learns is a typo ("refund_stauts") that would quietly
 * leave the real intent on its default route: refused, naming both files.
 */
export function checkRoutedIntents(routes: Routes, examples: IntentExample[], labels: { routes: string; intents: string }): void {
  const known = new Set(examples.map((e) => e.intent))
  const unknown = Object.keys(routes).filter((intent) => !known.has(intent))
  if (unknown.length) throw new Error(`${labels.routes}: ${unknown.map((i) => `"${i}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not an intent of ${labels.intents}`)
}

async function readDataFile<T>(label: string, path: string, parse: (text: string) => T): Promise<T> {
  // A routes file saved by a Windows editor starts with a byte-order mark, which JSON.parse refuses.
  const text = withoutBom(await readFile(path, 'utf8'))
  try {
    return parse(text)
  } catch (err) {
    const detail = err instanceof z.ZodError ? describeIssues(err.issues, 'file') : err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message
    throw new Error(`${label} ${path}: ${detail}`)
  }
}

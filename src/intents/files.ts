/**
 * The intents and routes files read from disk (Node: the server, the CLIs, the eval). A problem with
 * a file's content names the file and the setting or flag that gave it.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { describeIssues } from '../issues.js'
import type { IntentExample } from '../models/types.js'
import { parseIntents, RoutesFile, type Routes } from './parse.js'

export const readIntentsFile = (path: string, label = 'INTENTS_FILE'): Promise<IntentExample[]> => readDataFile(label, path, (text) => parseIntents(text))

export const readRoutesFile = (path: string, label = 'ROUTES_FILE'): Promise<Routes> => readDataFile(label, path, (text) => RoutesFile.parse(JSON.parse(text)))

async function readDataFile<T>(label: string, path: string, parse: (text: string) => T): Promise<T> {
  const text = await readFile(path, 'utf8')
  try {
    return parse(text)
  } catch (err) {
    const detail = err instanceof z.ZodError ? describeIssues(err.issues, 'file') : err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message
    throw new Error(`${label} ${path}: ${detail}`)
  }
}

/**
 * The intents and routes files an eval trains and routes with, read once before anything runs, so a
 * mistake in them is reported with the file's name instead of failing inside the service's startup.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { parseIntents, RoutesFile } from '../../src/intents/parse.js'
import { InputError } from '../input-error.js'

export async function checkIntentFiles(files: { intents?: string; routes?: string }): Promise<void> {
  if (files.intents) {
    const source = await readFile(files.intents, 'utf8')
    try {
      parseIntents(source)
    } catch (err) {
      throw new InputError(`--intents ${basename(files.intents)}: ${(err as Error).message}`)
    }
  }
  if (files.routes) {
    const name = `--routes ${basename(files.routes)}`
    let json: unknown
    try {
      json = JSON.parse(await readFile(files.routes, 'utf8'))
    } catch (err) {
      if (err instanceof SyntaxError) throw new InputError(`${name}: not valid JSON`)
      throw err
    }
    const parsed = RoutesFile.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new InputError(`${name}: ${issue.path.map(String).join('.') || 'file'}: ${issue.message}`)
    }
  }
}

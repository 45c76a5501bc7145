/**
 * The intents and routes files an eval trains and routes with, read once before anything runs, so a
 * mistake in them is reported with the flag and the file instead of failing inside the service's startup.
 */
import { readIntentsFile, readRoutesFile } from '../../src/intents/files.js'
import { InputError } from '../input-error.js'

export async function checkIntentFiles(files: { intents?: string; routes?: string }): Promise<void> {
  try {
    if (files.intents) await readIntentsFile(files.intents, '--intents')
    if (files.routes) await readRoutesFile(files.routes, '--routes')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw err
    throw new InputError((err as Error).message)
  }
}

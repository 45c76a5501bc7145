/**
 * The intents and routes files an eval trains and routes with, read once before anything runs, so a
 * mistake in them is reported with the flag and the file instead of failing inside the service's startup.
 */
import { checkRoutedIntents, readIntentsFile, readRoutesFile } from '../../src/intents/files.js'
import { InputError, unreadable } from '../input-error.js'

export async function checkIntentFiles(files: { intents?: string; routes?: string }): Promise<void> {
  const examples = files.intents ? await checkFile('--intents', files.intents, readIntentsFile) : undefined
  const routes = files.routes ? await checkFile('--routes', files.routes, readRoutesFile) : undefined
  if (!examples || !routes) return
  try {
    checkRoutedIntents(routes, examples, { routes: `--routes ${files.routes}`, intents: `--intents ${files.intents}` })
  } catch (err) {
    throw new InputError((err as Error).message)
  }
}

async function checkFile<T>(flag: string, path: string, read: (path: string, label: string) => Promise<T>): Promise<T> {
  try {
    return await read(path, flag)
  } catch (err) {
    // Node's own message for a folder or a missing file names neither the flag nor the file.
    if ((err as NodeJS.ErrnoException).code) throw unreadable(flag, path, err)
    throw new InputError((err as Error).message)
  }
}

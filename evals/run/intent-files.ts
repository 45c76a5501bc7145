/**
 * The intents and routes files an eval trains and routes with, read once before anything runs, so a
 * mistake in them is reported with the flag and the file instead of failing inside the service's startup.
 */
import { readIntentsFile, readRoutesFile } from '../../src/intents/files.js'
import { InputError, unreadable } from '../input-error.js'

export async function checkIntentFiles(files: { intents?: string; routes?: string }): Promise<void> {
  if (files.intents) await checkFile('--intents', files.intents, readIntentsFile)
  if (files.routes) await checkFile('--routes', files.routes, readRoutesFile)
}

async function checkFile(flag: string, path: string, read: (path: string, label: string) => Promise<unknown>): Promise<void> {
  try {
    await read(path, flag)
  } catch (err) {
    // Node's own message for a folder or a missing file names neither the flag nor the file.
    if ((err as NodeJS.ErrnoException).code) throw unreadable(flag, path, err)
    throw new InputError((err as Error).message)
  }
}

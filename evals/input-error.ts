import { readFile } from 'node:fs/promises'
import { CsvError } from '../src/text/csv.js'

/**
 * A problem with what the user gave the CLI (a case file, a knowledge base, a baseline): the message
 * says what and where, so the CLI prints it without a stack trace and exits 2.
 */
export class InputError extends Error {
  override name = 'InputError'
}

/** A file read for `flag`, or an InputError naming the flag and file when it cannot be (Node's message names neither for a folder). */
export async function readInput(flag: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw unreadable(flag, path, err)
  }
}

/** A failed read of `path` for `flag`, as an InputError naming both; an error that is no file-system error is passed on. */
export function unreadable(flag: string, path: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (typeof code !== 'string') return err
  return new InputError(`${flag} ${path}: cannot read it (${code === 'EISDIR' ? 'a folder, not a file' : code})`)
}

/** A file that cannot be read (missing, a folder, no permission, a broken CSV) is the user's input too. */
export function isInputError(err: unknown): err is Error {
  if (err instanceof InputError || err instanceof CsvError) return true
  const code = (err as NodeJS.ErrnoException | null)?.code
  return typeof code === 'string' && ['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'EROFS'].includes(code)
}

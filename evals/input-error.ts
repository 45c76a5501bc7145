/**
 * A problem with what the user gave the CLI (a case file, a knowledge base, a baseline): the message
 * says what and where, so the CLI prints it without a stack trace and exits 2.
 */
export class InputError extends Error {
  override name = 'InputError'
}

/** A file that cannot be read (missing, a folder, no permission) is the user's input too. */
export function isInputError(err: unknown): err is Error {
  if (err instanceof InputError) return true
  const code = (err as NodeJS.ErrnoException | null)?.code
  return typeof code === 'string' && ['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'EROFS'].includes(code)
}

/**
 * What every command-line entry shares: arguments checked strictly (a mistyped `--dry-run` must not
 * run the real thing), and failures (a bad setting, a missing tenant) printed as one line instead
 * of a stack trace. Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
import { parseArgs } from 'node:util'

export class UsageError extends Error {}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options']

/**
 * The flags of `options` and up to `positionals` plain arguments from argv; anything else (an unknown
 * option, a missing value, a stray word) is a UsageError.
 */
export function cliArgs<O extends Options>(argv: string[], options: O, { positionals = 0 } = {}) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals > 0 })
  } catch (err) {
    throw new UsageError((err as Error).message.split('. ')[0])
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`Unexpected argument '${parsed.positionals[positionals]}'`)
  return parsed
}

/** Runs `main` and exits with its code, printing a failure as `name: message` (and the usage for a UsageError). */
export async function runCli(name: string, usage: string, main: () => Promise<number | void>): Promise<never> {
  let code: number
  try {
    code = (await main()) ?? 0
  } catch (err) {
    console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`)
    if (err instanceof UsageError) console.error(usage)
    code = err instanceof UsageError ? 2 : 1
  }
  process.exit(code)
}

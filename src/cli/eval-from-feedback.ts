/**
 * `npm run eval:from-feedback -- [--tenant <id>] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--helpful] [--out <file>]`:
 * the answers customers rated "not helpful" (with --helpful, the helpful ones) as a case file for
 * `npm run eval -- --dataset <file>`. Days are UTC; --to is included; the default is the last 30 days.
 */
import { writeFileSync } from 'node:fs'
import { tenantExists } from '../auth/credentials.js'
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { feedbackCases } from '../feedback/eval-cases.js'
import { DAY_MS, dayRange, isStorableDay } from '../ops/day-range.js'
import { cliArgs, runCli, UsageError } from './main.js'

await runCli('eval:from-feedback', 'usage: npm run eval:from-feedback -- [--tenant <id>] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--helpful] [--out <file>]', async () => {
  const args = cliArgs(process.argv.slice(2), { tenant: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, helpful: { type: 'boolean' }, out: { type: 'string' } }).values
  const config = loadConfig(process.env)
  const tenant = args.tenant ?? config.DEFAULT_TENANT
  // The analytics API's checks: a real calendar day the database can store (2026-02-30 is refused, not rolled over).
  for (const flag of ['from', 'to'] as const) if (args[flag] !== undefined && !isStorableDay(args[flag])) throw new UsageError(`--${flag} must be a date, YYYY-MM-DD`)
  const { start: from, end: to } = dayRange({ from: args.from, to: args.to }, 30)
  if (from >= to) throw new UsageError('--from must not be after --to')
  const database = await openDatabase(config)
  try {
    if (!(await tenantExists(database.db, tenant))) throw new Error(`tenant ${tenant} does not exist`)
    const cases = await feedbackCases(database.db, tenant, { helpful: !!args.helpful, from, to })
    const jsonl = cases.map((c) => JSON.stringify(c)).join('\n') + (cases.length ? '\n' : '')
    if (args.out) writeFileSync(args.out, jsonl)
    else process.stdout.write(jsonl)
    console.error(`${cases.length} answer(s) rated ${args.helpful ? 'helpful' : 'not helpful'} in ${tenant}, ${from.toISOString().slice(0, 10)} to ${new Date(to.getTime() - DAY_MS).toISOString().slice(0, 10)}${args.out ? ` -> ${args.out}` : ''}`)
  } finally {
    await database.close()
  }
})

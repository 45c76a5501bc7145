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
import { cliArgs, runCli, UsageError } from './main.js'

const DAY = 86_400_000
const day = (value: string, flag: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value + 'T00:00:00Z'))) throw new UsageError(`--${flag} must be a date, YYYY-MM-DD`)
  return new Date(value + 'T00:00:00Z')
}

await runCli('eval:from-feedback', 'usage: npm run eval:from-feedback -- [--tenant <id>] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--helpful] [--out <file>]', async () => {
  const args = cliArgs(process.argv.slice(2), { tenant: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, helpful: { type: 'boolean' }, out: { type: 'string' } }).values
  const config = loadConfig(process.env)
  const tenant = args.tenant ?? config.DEFAULT_TENANT
  const to = new Date((args.to ? day(args.to, 'to') : new Date(Math.floor(Date.now() / DAY) * DAY)).getTime() + DAY)
  const from = args.from ? day(args.from, 'from') : new Date(to.getTime() - 30 * DAY)
  if (from >= to) throw new UsageError('--from must not be after --to')
  const database = await openDatabase(config)
  try {
    if (!(await tenantExists(database.db, tenant))) throw new Error(`tenant ${tenant} does not exist`)
    const cases = await feedbackCases(database.db, tenant, { helpful: !!args.helpful, from, to })
    const jsonl = cases.map((c) => JSON.stringify(c)).join('\n') + (cases.length ? '\n' : '')
    if (args.out) writeFileSync(args.out, jsonl)
    else process.stdout.write(jsonl)
    console.error(`${cases.length} answer(s) rated ${args.helpful ? 'helpful' : 'not helpful'} in ${tenant}, ${from.toISOString().slice(0, 10)} to ${new Date(to.getTime() - DAY).toISOString().slice(0, 10)}${args.out ? ` -> ${args.out}` : ''}`)
  } finally {
    await database.close()
  }
})

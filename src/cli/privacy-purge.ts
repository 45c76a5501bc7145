/** `npm run privacy:purge [-- --dry-run] [--tenant <id>] [--json]`: applies the retention policy now; a dry run only counts. */
import { tenantExists } from '../auth/credentials.js'
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { purge } from '../privacy/retention.js'
import { cliArgs, runCli } from './main.js'

await runCli('privacy:purge', 'usage: npm run privacy:purge -- [--dry-run] [--tenant <id>] [--json]', async () => {
  // Strict: a mistyped --dry-run would otherwise delete for real.
  const args = cliArgs(process.argv.slice(2), { 'dry-run': { type: 'boolean' }, tenant: { type: 'string' }, json: { type: 'boolean' } }).values
  const config = loadConfig(process.env)
  const database = await openDatabase(config)
  try {
    if (args.tenant && !(await tenantExists(database.db, args.tenant))) throw new Error(`tenant ${args.tenant} does not exist`)
    const report = await purge({ db: database.db, config }, { dryRun: !!args['dry-run'], tenantIds: args.tenant ? [args.tenant] : undefined })
    for (const t of report.tenants) {
      const verb = report.dryRun ? 'would remove' : 'removed'
      const tables = Object.entries(t.tables).filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`).join(', ') || 'nothing'
      console.log(`${t.tenantId}: ${verb} ${tables}; ${t.ephemeral} retain:false transcript(s) (windows: transcripts ${t.policy.transcriptDays}d, handoffs ${t.policy.handoffDays}d)`)
    }
    if (args.json) console.log(JSON.stringify(report, null, 2))
  } finally {
    await database.close()
  }
})

/** `npm run privacy:purge [-- --dry-run] [--tenant <id>]`: applies the retention policy now; a dry run only counts. */
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { purge } from '../privacy/retention.js'

const args = process.argv.slice(2)
const config = loadConfig(process.env, args)
const tenantFlag = args.indexOf('--tenant')
const database = await openDatabase(config)
try {
  const report = await purge({ db: database.db, config }, { dryRun: args.includes('--dry-run'), tenantIds: tenantFlag >= 0 ? [args[tenantFlag + 1]] : undefined })
  for (const t of report.tenants) {
    const verb = report.dryRun ? 'would remove' : 'removed'
    const tables = Object.entries(t.tables).filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`).join(', ') || 'nothing'
    console.log(`${t.tenantId}: ${verb} ${tables}; ${t.ephemeral} retain:false transcript(s) (windows: transcripts ${t.policy.transcriptDays}d, handoffs ${t.policy.handoffDays}d)`)
  }
  if (args.includes('--json')) console.log(JSON.stringify(report, null, 2))
} finally {
  await database.close()
}

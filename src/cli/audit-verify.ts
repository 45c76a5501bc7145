/** `npm run audit:verify`: checks every tenant's audit hash chain; exits 1 when a record was altered or removed. */
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { verifyAudit } from '../privacy/audit.js'
import { cliArgs, runCli } from './main.js'

await runCli('audit:verify', 'usage: npm run audit:verify', async () => {
  cliArgs(process.argv.slice(2), {})
  const database = await openDatabase(loadConfig(process.env))
  try {
    const result = await verifyAudit(database.db)
    for (const p of result.problems) console.error(`tenant ${p.tenantId}, record ${p.seq}: ${p.problem}`)
    for (const [tenant, head] of Object.entries(result.heads)) console.log(`tenant ${tenant}: ${head.seq} record(s), head ${head.hash}`)
    console.log(result.ok ? `audit chain intact (${result.rows} records)` : `audit chain BROKEN: ${result.problems.length} problem(s)`)
    return result.ok ? 0 : 1
  } finally {
    await database.close()
  }
})

/** `npm run audit:verify`: checks every tenant's audit hash chain; exits 1 when a record was altered or removed. */
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { verifyAudit } from '../privacy/audit.js'

const config = loadConfig(process.env, process.argv.slice(2))
const database = await openDatabase(config)
let ok = false
try {
  const result = await verifyAudit(database.db)
  ok = result.ok
  for (const p of result.problems) console.error(`tenant ${p.tenantId}, record ${p.seq}: ${p.problem}`)
  for (const [tenant, head] of Object.entries(result.heads)) console.log(`tenant ${tenant}: ${head.seq} record(s), head ${head.hash}`)
  console.log(ok ? `audit chain intact (${result.rows} records)` : `audit chain BROKEN: ${result.problems.length} problem(s)`)
} finally {
  await database.close()
}
process.exit(ok ? 0 : 1)

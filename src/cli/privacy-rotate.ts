/**
 * `npm run privacy:rotate`: re-encrypts every sealed value under the active key.
 * With PRIVACY_KEYS: add the new key to the list and set PRIVACY_ACTIVE_KEY to it first; afterwards
 * the old key may be removed. With the generated key file: a new key is added and made active.
 */
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { appendAudit, SYSTEM } from '../privacy/audit.js'
import { addKeyToFile, openVault } from '../privacy/keys.js'
import { rotateKeys } from '../privacy/rotate.js'
import { cliArgs, runCli } from './main.js'

await runCli('privacy:rotate', 'usage: npm run privacy:rotate', async () => {
  cliArgs(process.argv.slice(2), {})
  const config = loadConfig(process.env)
  const database = await openDatabase(config)
  try {
    await openVault(config, database.db) // creates the key file on a fresh DATA_DIR
    const created = await addKeyToFile(config)
    const vault = await openVault(config, database.db)
    if (created) await appendAudit(database.db, { tenantId: config.DEFAULT_TENANT, actor: SYSTEM, action: 'privacy.key.created', object: { type: 'encryption_key', id: created }, detail: { source: 'key_file' } })
    const counts = await rotateKeys({ db: database.db, vault, batchSize: config.PRIVACY_BATCH_SIZE })
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    await appendAudit(database.db, { tenantId: config.DEFAULT_TENANT, actor: SYSTEM, action: 'privacy.key.rotated', object: { type: 'encryption_key', id: vault.activeKeyId }, detail: { rows: total } })
    console.log(`re-encrypted ${total} row(s) under key ${vault.activeKeyId}`)
    for (const [column, n] of Object.entries(counts)) if (n) console.log(`  ${column}: ${n}`)
  } finally {
    await database.close()
  }
})

/**
 * Issues (or rotates) a tenant's identity-verification secret for the widget and prints it once:
 *
 *   npx tsx src/web/widget/identity-cli.ts <tenant> [--required]
 *
 * The site's server signs each logged-in user: data-user-hash = hex(HMAC-SHA256(secret, user_id)).
 * Rotating makes every hash signed with the old secret fail (401). `--required` refuses
 * unverified customers on publishable keys.
 */
import { pathToFileURL } from 'node:url'
import type { Db } from '../../db/client.js'
import { rotateIdentitySecret } from '../../auth/identity.js'

export async function issueIdentitySecret(db: Db, argv: string[]): Promise<string[]> {
  const tenant = argv.find((a) => !a.startsWith('--'))
  if (!tenant || !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(tenant)) throw new Error('usage: identity-cli <tenant> [--required]')
  const { secret, required } = await rotateIdentitySecret(db, tenant, { required: argv.includes('--required') })
  return [`identity secret for ${tenant}: ${secret}`, `verification required: ${required ? 'yes' : 'no'}`, 'data-user-hash = hex(HMAC-SHA256(secret, user_id)), computed on your server']
}

async function main() {
  const { loadConfig } = await import('../../config.js')
  const { openDatabase } = await import('../../db/open.js')
  const database = await openDatabase(loadConfig(process.env))
  try {
    for (const line of await issueIdentitySecret(database.db, process.argv.slice(2))) console.log(line)
    return 0
  } catch (error) {
    console.error(`error: ${(error as Error).message}`)
    return 1
  } finally {
    await database.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main())

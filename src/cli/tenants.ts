/**
 * Tenants and credentials from the command line (against DATABASE_URL, or the embedded
 * DATA_DIR; stop the embedded server first, PGlite allows one process per directory):
 *
 *   npm run tenants -- create <id> [--name <name>]
 *   npm run tenants -- keys create <tenant> --kind secret|publishable [--name <name>]
 *   npm run tenants -- keys revoke <key-id>
 *   npm run tenants -- staff create <tenant> <name> --role agent|supervisor|admin|ml
 *   npm run tenants -- staff revoke <staff-id>
 *   npm run tenants -- hours set <tenant> "Mon-Fri 09:00-18:00; Sat 10:00-14:00" --timezone Europe/Berlin
 *   npm run tenants -- hours clear|show <tenant>
 *
 * Keys and tokens are printed once, here; only their hashes are stored.
 */
import { pathToFileURL } from 'node:url'
import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { apiKeys, staff, type ApiKeyKind, type StaffRole } from '../db/schema/index.js'
import { createApiKey, createStaff, createTenant, TENANT_ID, TENANT_ID_RULE, tenantExists } from '../auth/credentials.js'
import { readTenantHours, setTenantHours } from '../handoff/tenant-hours.js'
import { cliArgs, runCli, UsageError } from './main.js'

const USAGE = `usage:
  tenants create <id> [--name <name>]
  tenants keys create <tenant> --kind secret|publishable [--name <name>]
  tenants keys revoke <key-id>
  tenants staff create <tenant> <name> --role agent|supervisor|admin|ml
  tenants staff revoke <staff-id>
  tenants hours set <tenant> "<days HH:MM-HH:MM; …>" [--timezone <IANA zone>]
  tenants hours clear|show <tenant>`

const KINDS: ApiKeyKind[] = ['secret', 'publishable']
const ROLES: StaffRole[] = ['agent', 'supervisor', 'admin', 'ml']
/** The words and flags of a command; an unknown or valueless flag is a UsageError (a typo must not pass silently). */
function parse(argv: string[]) {
  const { values, positionals } = cliArgs(argv, { name: { type: 'string' }, kind: { type: 'string' }, role: { type: 'string' }, timezone: { type: 'string' } }, { positionals: 4 })
  return { positional: positionals, flags: values }
}

async function requireTenant(db: Db, id: string | undefined): Promise<string> {
  if (!id) throw new UsageError('name the tenant')
  if (!(await tenantExists(db, id))) throw new Error(`tenant ${id} does not exist (create it first)`)
  return id
}

/** Runs one command; returns the lines to print. Throws UsageError for bad arguments. */
export async function runTenantsCommand(db: Db, argv: string[]): Promise<string[]> {
  const { positional: [group, action, ...rest], flags } = parse(argv)
  if (group === 'create') {
    const id = action
    if (!id || !TENANT_ID.test(id)) throw new UsageError(TENANT_ID_RULE)
    if (await tenantExists(db, id)) throw new Error(`tenant ${id} already exists`)
    await createTenant(db, id, flags.name ?? id)
    return [`created tenant ${id}`]
  }
  if (group === 'keys' && action === 'create') {
    const tenantId = await requireTenant(db, rest[0])
    const kind = flags.kind as ApiKeyKind
    if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`)
    const { id, key } = await createApiKey(db, tenantId, kind, flags.name ?? `${kind} key`)
    return [`created ${kind} key ${id} for tenant ${tenantId}`, `key (shown once, store it now): ${key}`]
  }
  if (group === 'keys' && action === 'revoke') {
    const id = rest[0]
    if (!id) throw new UsageError('name the key id')
    const revoked = await db.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id })
    if (revoked.length === 0) throw new Error(`no active key ${id}`)
    return [`revoked key ${id}`]
  }
  if (group === 'staff' && action === 'create') {
    const tenantId = await requireTenant(db, rest[0])
    const name = rest[1]
    if (!name) throw new UsageError('name the staff member')
    const role = flags.role as StaffRole
    if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
    const { id, token } = await createStaff(db, tenantId, name, role)
    return [`created ${role} ${id} (${name}) for tenant ${tenantId}`, `token (shown once, store it now): ${token}`]
  }
  if (group === 'staff' && action === 'revoke') {
    const id = rest[0]
    if (!id) throw new UsageError('name the staff id')
    const revoked = await db.update(staff).set({ revokedAt: new Date() }).where(and(eq(staff.id, id), isNull(staff.revokedAt))).returning({ id: staff.id })
    if (revoked.length === 0) throw new Error(`no active staff member ${id}`)
    return [`revoked staff token of ${id}`]
  }
  if (group === 'hours') return hoursCommand(db, action, rest, flags.timezone)
  throw new UsageError('unknown command')
}

/** A tenant's support hours: its own, or (cleared) the deployment's SUPPORT_HOURS. */
async function hoursCommand(db: Db, action: string | undefined, [tenant, spec]: string[], timeZone = 'UTC'): Promise<string[]> {
  const tenantId = await requireTenant(db, tenant)
  if (action === 'set') {
    if (!spec) throw new UsageError('give the hours, e.g. "Mon-Fri 09:00-18:00"')
    await setTenantHours(db, tenantId, { spec, timeZone })
    return [`support hours of ${tenantId}: ${spec} (${timeZone})`]
  }
  if (action === 'clear') {
    await setTenantHours(db, tenantId, null)
    return [`support hours of ${tenantId}: the deployment's (SUPPORT_HOURS)`]
  }
  if (action === 'show') {
    const hours = await readTenantHours(db, tenantId)
    return [hours ? `support hours of ${tenantId}: ${hours.spec} (${hours.timeZone})` : `support hours of ${tenantId}: the deployment's (SUPPORT_HOURS)`]
  }
  throw new UsageError('hours set|clear|show <tenant>')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCli('tenants', USAGE, async () => {
    const argv = process.argv.slice(2)
    if (argv.length === 0 || argv.includes('--help')) return console.log(USAGE)
    const { loadConfig } = await import('../config.js')
    const { openDatabase } = await import('../db/open.js')
    const database = await openDatabase(loadConfig(process.env))
    try {
      for (const line of await runTenantsCommand(database.db, argv)) console.log(line)
    } finally {
      await database.close()
    }
  })
}

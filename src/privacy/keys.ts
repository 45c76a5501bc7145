/**
 * Where the vault's keys come from (Node): PRIVACY_KEYS (+ PRIVACY_ACTIVE_KEY, PRIVACY_HASH_SALT), or,
 * when unset, a key file generated under DATA_DIR on first start (`privacy-keys.json`, mode 0600).
 * A throwaway database (MEMORY_DB) gets a throwaway key. Creating a key is audited.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Config } from '../config.js'
import type { Db } from '../db/client.js'
import { appendAudit, SYSTEM } from './audit.js'
import { createVault, fromBase64, newKeyBytes, parseKeys, toBase64, type Vault } from './vault.js'

interface KeyFile {
  keys: Record<string, string>
  active: string
  salt: string
}

export const keyFilePath = (config: Config) => join(config.DATA_DIR, 'privacy-keys.json')

type KeyConfig = Pick<Config, 'PRIVACY_KEYS' | 'PRIVACY_ACTIVE_KEY' | 'PRIVACY_HASH_SALT' | 'DATA_DIR' | 'MEMORY_DB' | 'DATABASE_URL' | 'DEFAULT_TENANT'>

async function readKeyFile(path: string): Promise<KeyFile | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as KeyFile
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new Error(`${path} is unreadable: ${(error as Error).message}`)
  }
}

async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(`${path}.tmp`, JSON.stringify(file, null, 2), { mode: 0o600 })
  await rename(`${path}.tmp`, path)
}

const vaultOf = (file: KeyFile) =>
  createVault({ keys: new Map(Object.entries(file.keys).map(([id, b64]) => [id, fromBase64(b64)])), activeKeyId: file.active, salt: file.salt })

/** Builds the vault from config; `db` receives the audit record when a key is generated. */
export async function openVault(config: KeyConfig, db?: Db): Promise<Vault> {
  if (config.PRIVACY_KEYS) {
    if (!config.PRIVACY_HASH_SALT) throw new Error('PRIVACY_HASH_SALT is required with PRIVACY_KEYS (16+ characters, kept as secret as the keys)')
    return createVault({ keys: parseKeys(config.PRIVACY_KEYS), activeKeyId: config.PRIVACY_ACTIVE_KEY, salt: config.PRIVACY_HASH_SALT })
  }
  const fresh = (): KeyFile => ({ keys: { k1: toBase64(newKeyBytes()) }, active: 'k1', salt: toBase64(newKeyBytes()) })
  if (config.MEMORY_DB && !config.DATABASE_URL) return vaultOf(fresh())
  const path = keyFilePath(config as Config)
  let file = await readKeyFile(path)
  if (!file) {
    if (config.DATABASE_URL) console.warn(JSON.stringify({ level: 'warn', msg: `PRIVACY_KEYS is not set: generating ${path}. Every server on this database needs the same keys; set PRIVACY_KEYS in production.` }))
    file = fresh()
    await writeKeyFile(path, file)
    if (db) await appendAudit(db, { tenantId: config.DEFAULT_TENANT, actor: SYSTEM, action: 'privacy.key.created', object: { type: 'encryption_key', id: file.active }, detail: { source: 'key_file' } })
  }
  return vaultOf(file)
}

/** Key-file mode only: adds a new key and makes it active (for `npm run privacy:rotate`). Returns its id. */
export async function addKeyToFile(config: KeyConfig): Promise<string | null> {
  if (config.PRIVACY_KEYS) return null
  const path = keyFilePath(config as Config)
  const file = await readKeyFile(path)
  if (!file) throw new Error(`${path} does not exist: start the server once, or set PRIVACY_KEYS`)
  const next = Math.max(0, ...Object.keys(file.keys).map((id) => Number(/^k(\d+)$/.exec(id)?.[1] ?? 0))) + 1
  const id = `k${next}`
  await writeKeyFile(path, { ...file, keys: { ...file.keys, [id]: toBase64(newKeyBytes()) }, active: id })
  return id
}

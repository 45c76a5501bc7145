/**
 * Encryption at rest for personal data the compliance policy keeps: AES-256-GCM through Web Crypto
 * (Node and Workers alike). A sealed value is a token `⟦enc:<key id>:<base64url iv|ciphertext|tag>⟧`
 * embedded where the value was, so the key id travels with every value and rotation can find it.
 * A wrong or missing key is a VaultError naming the key: never garbage.
 */
import { ProblemError } from '../http/problem.js'
import { hmacSha256Hex } from '../auth/secrets.js'

export class VaultError extends ProblemError {
  constructor(detail: string) {
    super({ title: 'Stored personal data cannot be decrypted', status: 500, detail })
    this.name = 'VaultError'
  }
}

export interface Vault {
  readonly activeKeyId: string
  readonly keyIds: readonly string[]
  /** One value as a token, under the active key. */
  seal(plain: string): Promise<string>
  /** Text with every token replaced by its plaintext. */
  open(text: string): Promise<string>
  /** Every string inside a JSON-like value opened. */
  openDeep<T>(value: T): Promise<T>
  /** Every token not under the active key re-sealed under it. */
  reseal(text: string): Promise<string>
  /** A stable, salted, one-way id for a customer (audit records, erasure receipts). */
  subjectHash(tenantId: string, customerId: string): Promise<string>
  /** A stable, salted, one-way name for a value that carries customer ids, for one purpose (e.g. rate-limit buckets). */
  keyedHash(purpose: string, value: string): Promise<string>
}

export const TOKEN = /⟦enc:([\w-]{1,32}):([\w-]+)⟧/g
const AAD_PREFIX = 'parley.pii.v1:'

export const hasTokens = (text: string) => text.includes('⟦enc:')

/** Customer text that imitates a token is defused before anything is sealed into it. */
export const defuse = (text: string) => text.replace(/⟦(?=enc:)/g, '[')

/** `k1:<base64>,k2:<base64>` -> key bytes by id; each key must be 32 bytes. */
export function parseKeys(spec: string): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>()
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':')
    const id = part.slice(0, colon)
    if (colon < 1 || !/^[\w-]{1,32}$/.test(id)) throw new Error(`PRIVACY_KEYS: "${part.slice(0, 12)}…" is not <id>:<base64 key>`)
    let bytes: Uint8Array
    try {
      bytes = fromBase64(part.slice(colon + 1))
    } catch {
      throw new Error(`PRIVACY_KEYS: key ${id} is not valid base64`)
    }
    if (bytes.length !== 32) throw new Error(`PRIVACY_KEYS: key ${id} is ${bytes.length} bytes; AES-256 needs 32`)
    if (keys.has(id)) throw new Error(`PRIVACY_KEYS: key ${id} is listed twice`)
    keys.set(id, bytes)
  }
  if (keys.size === 0) throw new Error('PRIVACY_KEYS lists no keys')
  return keys
}

export function newKeyBytes(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32))
}

export async function createVault(opts: { keys: Map<string, Uint8Array>; activeKeyId?: string; salt: string }): Promise<Vault> {
  const activeKeyId = opts.activeKeyId ?? [...opts.keys.keys()].at(-1)!
  if (!opts.keys.has(activeKeyId)) throw new Error(`PRIVACY_ACTIVE_KEY ${activeKeyId} is not among the configured keys (${[...opts.keys.keys()].join(', ')})`)
  const cryptoKeys = new Map<string, CryptoKey>()
  for (const [id, bytes] of opts.keys) {
    cryptoKeys.set(id, await crypto.subtle.importKey('raw', bytes as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']))
  }
  const aad = (id: string) => new TextEncoder().encode(AAD_PREFIX + id)

  async function seal(plain: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(activeKeyId) }, cryptoKeys.get(activeKeyId)!, new TextEncoder().encode(plain))
    const out = new Uint8Array(12 + sealed.byteLength)
    out.set(iv)
    out.set(new Uint8Array(sealed), 12)
    return `⟦enc:${activeKeyId}:${toBase64Url(out)}⟧`
  }

  async function decrypt(id: string, payload: string): Promise<string> {
    const key = cryptoKeys.get(id)
    if (!key) throw new VaultError(`A stored value is sealed with key "${id}", which is not configured (configured: ${[...cryptoKeys.keys()].join(', ')}). Add it to PRIVACY_KEYS.`)
    const bytes = fromBase64(payload)
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: aad(id) }, key, bytes.slice(12))
      return new TextDecoder().decode(plain)
    } catch {
      throw new VaultError(`A stored value sealed with key "${id}" does not decrypt with the configured key "${id}": wrong key material, or the value was altered.`)
    }
  }

  async function replaceTokens(text: string, keep: (id: string) => boolean, map: (plain: string) => Promise<string>): Promise<string> {
    if (!hasTokens(text)) return text
    const parts: string[] = []
    let last = 0
    for (const m of text.matchAll(TOKEN)) {
      parts.push(text.slice(last, m.index), keep(m[1]) ? m[0] : await map(await decrypt(m[1], m[2])))
      last = m.index + m[0].length
    }
    parts.push(text.slice(last))
    return parts.join('')
  }

  const open = (text: string) => replaceTokens(text, () => false, async (p) => p)

  return {
    activeKeyId,
    keyIds: [...cryptoKeys.keys()],
    seal,
    open,
    openDeep: (value) => mapStrings(value, open),
    reseal: (text) => replaceTokens(text, (id) => id === activeKeyId, seal),
    subjectHash: async (tenantId, customerId) => `sha256:${await hmacSha256Hex(opts.salt, `${tenantId}\u0000${customerId}`)}`,
    // The purpose goes first behind a separator no tenant id holds, so it never meets a subject hash.
    keyedHash: (purpose, value) => hmacSha256Hex(opts.salt, `\u0001${purpose}\u0000${value}`),
  }
}

/** Applies an async string transform to every string in a JSON-like value (keys untouched). */
export async function mapStrings<T>(value: T, fn: (s: string) => Promise<string>): Promise<T> {
  if (typeof value === 'string') return (await fn(value)) as T
  if (Array.isArray(value)) return (await Promise.all(value.map((v) => mapStrings(v, fn)))) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = await mapStrings(v, fn)
    return out as T
  }
  return value
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

/** Standard or URL-safe base64, padded or not. */
export function fromBase64(text: string): Uint8Array {
  const std = text.trim().replace(/-/g, '+').replace(/_/g, '/')
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4))
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0))
}

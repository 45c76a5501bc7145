/**
 * Sealing a turn before it is stored: every PII value the compliance check found (kept by the policy,
 * or masked in the text but still present in the decision's spans) is replaced, wherever it appears
 * in the record, by an encrypted token. Readers open the tokens with the vault.
 */
import { detectPii } from '../compliance/rules/pii.js'
import type { Decision } from '../compliance/types.js'
import { defuse, mapStrings, type Vault } from './vault.js'

const SEALED_CATEGORIES = new Set(['pii', 'pii_echo'])

/** The PII values a list of stored decisions carries in its spans. */
export function piiValues(decisions: unknown[]): string[] {
  const values = new Set<string>()
  for (const d of decisions as Decision[]) {
    if (!d || !SEALED_CATEGORIES.has(d.category)) continue
    for (const s of d.spans ?? []) if (s.text) values.add(s.text)
  }
  return [...values].sort((a, b) => b.length - a.length)
}

/** `value` with each of `values` replaced by its token (longest first, so overlaps seal the longer value). */
export async function sealValues<T>(vault: Vault, value: T, values: string[]): Promise<T> {
  const tokens = new Map<string, string>()
  for (const v of values) tokens.set(v, await vault.seal(v))
  return mapStrings(value, async (s) => {
    let out = defuse(s)
    for (const [plain, token] of tokens) if (out.includes(plain)) out = out.split(plain).join(token)
    return out
  })
}

/** PII the detectors find in any string of a value (e.g. earlier messages, opened, quoted in a handoff summary). */
export function detectedValues(value: unknown, now = new Date()): string[] {
  const found = new Set<string>()
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of detectPii(v, now)) found.add(m.text)
    else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object' && !(v instanceof Date)) Object.values(v).forEach(walk)
  }
  walk(value)
  return [...found]
}

/**
 * Seals the PII of a turn record: customer text, reply, stage results and handoff packet.
 * Identifiers (tenant, conversation, chunk ids) are left alone: a short PII value can occur
 * inside a UUID, and sealing it there would point the write at a conversation that does not exist.
 */
export async function sealTurn<
  R extends { customerText: string; reply?: unknown; turn: { compliance?: unknown[]; retrieved?: unknown }; handoff?: unknown },
>(vault: Vault, record: R): Promise<R> {
  const { retrieved, ...turnText } = record.turn
  const sensitive = { customerText: record.customerText, reply: record.reply, turn: turnText, handoff: record.handoff }
  const values = new Set([...piiValues(record.turn.compliance ?? []), ...detectedValues(sensitive)])
  const sealed = await sealValues(vault, sensitive, [...values].sort((a, b) => b.length - a.length))
  return { ...record, ...sealed, turn: { ...sealed.turn, retrieved } } as R
}

/** Checksums and plausibility checks behind the PII patterns. Pure functions over digit strings. */

export function digitsOnly(s: string): string {
  return s.replace(/\D/g, '')
}

/** Luhn (mod 10) check used by payment cards. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CN_ID_CHECK = '10X98765432'

/** ISO 7064 MOD 11-2 check character for the first 17 digits of a Chinese resident ID. */
export function cnIdCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * CN_ID_WEIGHTS[i]
  return CN_ID_CHECK[sum % 11]
}

export function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

export function cnIdValid(id: string, opts: { minYear: number; regionFirstDigits: string[]; now?: Date }): boolean {
  const s = id.toUpperCase()
  if (!/^\d{17}[\dX]$/.test(s)) return false
  if (!opts.regionFirstDigits.includes(s[0])) return false
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  const now = opts.now ?? new Date()
  if (y < opts.minYear || !validDate(y, m, d)) return false
  if (Date.UTC(y, m - 1, d) > now.getTime()) return false
  return cnIdCheckChar(s.slice(0, 17)) === s[17]
}

/** IBAN mod-97 check (ISO 13616) with the country's registered length. */
export function ibanValid(raw: string, lengths: Record<string, number>): boolean {
  const s = raw.replace(/[\s-]/g, '').toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false
  const len = lengths[s.slice(0, 2)]
  if (len === undefined || s.length !== len) return false
  const rearranged = s.slice(4) + s.slice(0, 4)
  let rem = 0
  for (const ch of rearranged) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch
    for (const c of v) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97
  }
  return rem === 1
}

export function ipv4Valid(s: string): boolean {
  const parts = s.split('.')
  if (parts.length !== 4) return false
  return parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)
}

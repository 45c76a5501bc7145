/**
 * Generated PII test vectors: checksum-valid values (and checksum-broken twins) embedded in English
 * and Chinese sentences. A seeded generator keeps runs reproducible.
 */
import { cnIdCheckChar } from '../rules/pii-validators.js'
import type { PiiType } from '../types.js'
import { mulberry32 } from '../../models/local/random.js'

export interface PiiVector {
  text: string
  value: string
  type: PiiType
  lang: 'en' | 'zh'
}

/** A small seeded PRNG, shared with the models' training splits. */
export const rng = mulberry32

const digits = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('')
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

export function luhnComplete(body: string): string {
  for (let d = 0; d < 10; d++) {
    const s = body + d
    let sum = 0
    for (let i = 0; i < s.length; i++) {
      let v = s.charCodeAt(s.length - 1 - i) - 48
      if (i % 2 === 1) {
        v *= 2
        if (v > 9) v -= 9
      }
      sum += v
    }
    if (sum % 10 === 0) return s
  }
  throw new Error('unreachable')
}

function cnId(r: () => number): string {
  const region = pick(r, ['110101', '310104', '440305', '330106', '510107', '210102', '420111', '610113'])
  const y = 1940 + Math.floor(r() * 65)
  const m = 1 + Math.floor(r() * 12)
  const d = 1 + Math.floor(r() * 28)
  const body = `${region}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${digits(r, 3)}`
  return body + cnIdCheckChar(body)
}

function card(r: () => number): string {
  const [prefix, len] = pick(r, [['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15], ['6011', 16], ['62', 16], ['62', 19], ['35', 16]] as const)
  const num = luhnComplete(prefix + digits(r, len - prefix.length - 1))
  const style = Math.floor(r() * 3)
  if (style === 0 || len !== 16) return num
  return num.match(/.{4}/g)!.join(style === 1 ? ' ' : '-')
}

const IBAN_FORMATS: Record<string, number> = { DE: 22, GB: 22, FR: 27, NL: 18, ES: 24, IT: 27, CH: 21, BE: 16 }

function iban(r: () => number): string {
  const cc = pick(r, Object.keys(IBAN_FORMATS))
  const len = IBAN_FORMATS[cc]
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  const bban = (cc === 'GB' || cc === 'NL' ? Array.from({ length: 4 }, () => pick(r, [...letters])).join('') : '') + digits(r, len - 4 - (cc === 'GB' || cc === 'NL' ? 4 : 0))
  const numeric = (bban + cc + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))
  let rem = 0
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97
  const check = String(98 - rem).padStart(2, '0')
  const raw = cc + check + bban
  return r() < 0.5 ? raw : raw.match(/.{1,4}/g)!.join(' ')
}

function phone(r: () => number): string {
  const kind = Math.floor(r() * 5)
  const mobile = `1${pick(r, ['3', '5', '7', '8', '9'])}${digits(r, 9)}`
  if (kind === 0) return mobile
  if (kind === 1) return `+86 ${mobile}`
  if (kind === 2) return `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`
  if (kind === 3) return `0${pick(r, ['10', '21', '755', '571', '28'])}-${1 + Math.floor(r() * 8)}${digits(r, 7)}`
  return pick(r, [`+1 ${2 + Math.floor(r() * 7)}${digits(r, 2)} ${digits(r, 3)} ${digits(r, 4)}`, `+44 20 ${digits(r, 4)} ${digits(r, 4)}`, `+49${digits(r, 10)}`, `+33 6 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`])
}

function ip(r: () => number): string {
  if (r() < 0.6) return Array.from({ length: 4 }, (_, i) => String(i === 0 ? 1 + Math.floor(r() * 223) : Math.floor(r() * 256))).join('.')
  const groups = Array.from({ length: 8 }, () => Math.floor(r() * 65536).toString(16))
  return r() < 0.5 ? groups.join(':') : `${groups.slice(0, 3).join(':')}::${groups[7]}`
}

function email(r: () => number): string {
  const user = pick(r, ['li.wei', 'zhang_san', 'j.smith', 'anna+shop', 'wang88', 'm.garcia'])
  return `${user}${Math.floor(r() * 100)}@${pick(r, ['qq.com', 'gmail.com', '163.com', 'example.co.uk', 'mail.example.org'])}`
}

function passport(r: () => number): { value: string; us: boolean } {
  const k = Math.floor(r() * 3)
  if (k === 0) return { value: `E${digits(r, 8)}`, us: false }
  if (k === 1) return { value: `G${digits(r, 8)}`, us: false }
  return { value: `${1 + Math.floor(r() * 9)}${digits(r, 8)}`, us: true }
}

const TEMPLATES: Record<PiiType, { en: string[]; zh: string[] }> = {
  email: { en: ['My email is {v}, please send the invoice there.', 'Contact me at {v}'], zh: ['我的邮箱是{v}，请把发票发过来。', '联系邮箱：{v}'] },
  phone: { en: ['You can call me on {v} after 6pm.', 'phone: {v}'], zh: ['我的手机号是{v}，晚上6点后打。', '联系电话{v}'] },
  cn_id: { en: ['My ID number is {v}.', 'ID {v} for the booking'], zh: ['身份证号{v}，请帮我核实。', '我的身份证号码是：{v}'] },
  bank_card: { en: ['Please refund to card {v}.', 'card number {v} exp 09/27'], zh: ['退款请退到这张卡{v}。', '银行卡号：{v}'] },
  iban: { en: ['Send the refund to IBAN {v} please.', 'my account {v}'], zh: ['请退款到IBAN账户{v}。', '账户：{v}'] },
  passport: { en: ['My passport number is {v}.', 'passport {v}'], zh: ['护照号码{v}，请更新订票信息。', '我的护照号是：{v}'] },
  ip: { en: ['My IP address is {v} and it is blocked.', 'login from {v} failed'], zh: ['我的IP地址是{v}，被封了。', '从{v}登录失败'] },
}

/** `n` valid vectors per type and language. */
export function validVectors(n: number, seed = 7): PiiVector[] {
  const r = rng(seed)
  const out: PiiVector[] = []
  const gen: Record<PiiType, () => string> = {
    email: () => email(r),
    phone: () => phone(r),
    cn_id: () => cnId(r),
    bank_card: () => card(r),
    iban: () => iban(r),
    passport: () => passport(r).value,
    ip: () => ip(r),
  }
  for (const type of Object.keys(TEMPLATES) as PiiType[]) {
    for (const lang of ['en', 'zh'] as const) {
      for (let i = 0; i < n; i++) {
        const value = gen[type]()
        const text = pick(r, TEMPLATES[type][lang]).replace('{v}', value)
        out.push({ text, value, type, lang })
      }
    }
  }
  return out
}

/** Checksum-broken twins of the checksum-protected types: one digit changed, so the check must fail. */
export function invalidVectors(n: number, seed = 11): PiiVector[] {
  const r = rng(seed)
  const out: PiiVector[] = []
  for (const v of validVectors(n, seed)) {
    if (v.type !== 'cn_id' && v.type !== 'bank_card' && v.type !== 'iban') continue
    const positions = [...v.value].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= (v.type === 'iban' ? 4 : 0))
    const at = pick(r, positions.filter((i) => i !== v.value.length - 1 || v.type !== 'cn_id'))
    const old = Number(v.value[at])
    // A single-digit change always breaks Luhn, MOD 11-2 and mod 97.
    const bad = v.value.slice(0, at) + String((old + 1 + Math.floor(r() * 8)) % 10) + v.value.slice(at + 1)
    out.push({ ...v, value: bad, text: v.text.replace(v.value, bad) })
  }
  return out
}

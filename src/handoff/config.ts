/**
 * The handoff module's settings. They are parsed with the rest of the environment (the
 * fields below are spread into ConfigSchema) and turned into a HandoffConfig for the queue.
 */
import { z } from 'zod'
import type { HandoffPriority } from '../db/schema/index.js'
import { issueIfThrows } from '../issues.js'
import { addOpenMinutes, checkTimeZone, parseSupportHours, type SupportHours } from './hours.js'

export interface HandoffConfig {
  /** Minutes from handoff to the first human reply, per priority. */
  slaMinutes: Record<HandoffPriority, number>
  /** How long a claim lasts without renewal. */
  leaseSeconds: number
  /** SSE heartbeat interval; each heartbeat also sweeps expired claims and SLA breaches. */
  heartbeatSeconds: number
  /** When people answer handoffs; null: always. */
  hours: SupportHours | null
}

const minutes = z.coerce.number().positive().max(7 * 24 * 60)

/** "10" (every priority) or "urgent=3,normal=10" (unnamed priorities keep their default). */
const slaMinutes = z
  .string()
  .default('urgent=5,normal=10')
  .transform((raw, ctx) => {
    const result: Record<HandoffPriority, number> = { urgent: 5, normal: 10 }
    const single = minutes.safeParse(raw)
    if (single.success && /^\s*[\d.]+\s*$/.test(raw)) return { urgent: single.data, normal: single.data }
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [key, value] = part.split('=').map((s) => s.trim())
      const parsed = minutes.safeParse(value)
      if ((key !== 'urgent' && key !== 'normal') || !parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'use minutes like "10" or "urgent=5,normal=10"' })
        return z.NEVER
      }
      result[key] = parsed.data
    }
    return result
  })

export const HandoffSettings = {
  HANDOFF_SLA_MINUTES: slaMinutes,
  HANDOFF_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(90),
  HANDOFF_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  /** How long the model's handoff note may take (PROVIDER=openai) before the extractive summary stays. */
  HANDOFF_SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How long the customer must pause, while a handoff waits, before the note is written again (one call per burst). */
  HANDOFF_SUMMARY_QUIET_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** When people answer handoffs, e.g. "Mon-Fri 09:00-18:00; Sat 10:00-14:00"; empty: always. */
  SUPPORT_HOURS: z.string().default('').superRefine((spec, ctx) => {
    if (spec.trim()) issueIfThrows(ctx, () => parseSupportHours(spec, 'UTC'))
  }),
  /** The time zone SUPPORT_HOURS are in (IANA name). */
  SUPPORT_TIMEZONE: z.string().default('UTC').superRefine((zone, ctx) => void issueIfThrows(ctx, () => checkTimeZone(zone))),
}

const HandoffSettingsSchema = z.object(HandoffSettings)
export type HandoffSettingsValues = z.output<typeof HandoffSettingsSchema>

export function handoffConfig(settings: Partial<HandoffSettingsValues> = {}): HandoffConfig {
  const s = HandoffSettingsSchema.parse({})
  return {
    slaMinutes: settings.HANDOFF_SLA_MINUTES ?? s.HANDOFF_SLA_MINUTES,
    leaseSeconds: settings.HANDOFF_LEASE_SECONDS ?? s.HANDOFF_LEASE_SECONDS,
    heartbeatSeconds: settings.HANDOFF_HEARTBEAT_SECONDS ?? s.HANDOFF_HEARTBEAT_SECONDS,
    hours: supportHours(settings.SUPPORT_HOURS ?? '', settings.SUPPORT_TIMEZONE ?? s.SUPPORT_TIMEZONE),
  }
}

/** Parsed once per setting: a turn asks for it each time it hands off. */
const parsedHours = new Map<string, SupportHours>()
function supportHours(spec: string, timeZone: string): SupportHours | null {
  if (!spec.trim()) return null
  const key = `${timeZone}\n${spec}`
  let hours = parsedHours.get(key)
  if (!hours) parsedHours.set(key, (hours = parseSupportHours(spec, timeZone)))
  return hours
}

/** When a person should have replied: an urgent handoff around the clock, a normal one in open minutes. */
export function slaDueAt(priority: HandoffPriority, from: Date, config: HandoffConfig): Date {
  const minutes = config.slaMinutes[priority]
  if (config.hours && priority === 'normal') return addOpenMinutes(config.hours, from, minutes)
  return new Date(from.getTime() + minutes * 60_000)
}

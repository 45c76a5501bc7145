/**
 * Operations settings (metrics, analytics, alerts), spread into ConfigSchema.
 * Alerts stay off until ALERT_WEBHOOK_URL is set; a webhook without a signing secret is refused.
 */
import { z } from 'zod'
import { jsonSetting } from '../json-setting.js'

const AlertMetric = z.enum(['complaint_rate', 'handoff_rate', 'handoff_rate_spike', 'sla_breaches'])
export type AlertMetric = z.infer<typeof AlertMetric>

export const AlertRule = z
  .object({
    name: z.string().regex(/^[\w.-]{1,80}$/),
    metric: AlertMetric,
    /** Fires when the metric is above this (a share for rates, a ratio for spikes, a count for breaches). */
    above: z.number().min(0),
    window_minutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
    /** handoff_rate_spike: the window's rate is compared with this many minutes before it. */
    baseline_minutes: z.number().int().min(1).max(30 * 24 * 60).default(24 * 60),
    /** Conversations needed in the window before a rate is judged (no alerts on 1 of 1). */
    min_conversations: z.number().int().min(0).default(0),
  })
  .strict()
export type AlertRule = z.output<typeof AlertRule>

export const DEFAULT_ALERT_RULES = JSON.stringify([
  { name: 'complaint_rate_high', metric: 'complaint_rate', above: 0.01, window_minutes: 60, min_conversations: 20 },
  { name: 'sla_breached', metric: 'sla_breaches', above: 0, window_minutes: 60 },
  { name: 'handoff_rate_spike', metric: 'handoff_rate_spike', above: 2, window_minutes: 60, baseline_minutes: 1440, min_conversations: 20 },
])

const alertRules = z.string().default(DEFAULT_ALERT_RULES).pipe(jsonSetting(z.array(AlertRule), 'ALERT_RULES must be a JSON array of rules'))

export const OpsSettings = {
  /** When set, GET /metrics needs `Authorization: Bearer <this>`. */
  METRICS_TOKEN: z.string().min(8).optional(),
  /** Analytics answers are cached per tenant and range this long (the KPIs lag at most this much). */
  ANALYTICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(300),
  /** A report.json, or a folder of eval runs (the newest `<run>/report.json` is read). */
  EVAL_REPORT: z.string().default('evals/out'),
  /**
   * Cosine similarity at which an unanswered question joins a knowledge-gap cluster. Unset: 0.3 for
   * the local embedder (lexical; unrelated questions score near 0), 0.6 for OpenAI embeddings.
   */
  GAPS_SIMILARITY: z.coerce.number().min(0).max(1).optional(),
  ALERT_RULES: alertRules,
  ALERT_WEBHOOK_URL: z.string().url().optional(),
  /** HMAC-SHA256 key for the X-Parley-Signature header. */
  ALERT_WEBHOOK_SECRET: z.string().min(16).optional(),
  ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  ALERT_WEBHOOK_RETRIES: z.coerce.number().int().min(0).max(10).default(5),
  ALERT_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  ALERT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
}

const OpsSettingsSchema = z.object(OpsSettings)
export type OpsSettingsValues = z.output<typeof OpsSettingsSchema>

/** Throws when alerts are half configured (a URL without a secret). */
export function checkAlertSettings(s: Pick<OpsSettingsValues, 'ALERT_WEBHOOK_URL' | 'ALERT_WEBHOOK_SECRET'>): void {
  if (s.ALERT_WEBHOOK_URL && !s.ALERT_WEBHOOK_SECRET) throw new Error('ALERT_WEBHOOK_URL needs ALERT_WEBHOOK_SECRET (the webhook is signed)')
}

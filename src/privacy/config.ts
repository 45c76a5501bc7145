/**
 * The privacy module's settings, spread into ConfigSchema like the handoff settings:
 * retention per tenant, the privacy notice per tenant, the purge schedule and the encryption keys.
 */
import { z } from 'zod'
import { jsonSetting } from '../json-setting.js'

export interface RetentionPolicy {
  /** Messages, stage results, idempotency records and conversations idle this long are removed. */
  transcriptDays: number
  /** Handoff packets, agent notes and feedback. */
  handoffDays: number
  /** Documented minimum for audit records: the app never deletes them (the table is append-only). */
  auditDays: number
}

export interface Notice {
  en: string
  zh: string
}

export const DEFAULT_RETENTION: RetentionPolicy = { transcriptDays: 180, handoffDays: 365, auditDays: 2555 }

export const DEFAULT_NOTICE: Notice = {
  en: 'This chat is answered by an AI assistant and may be handed to a person. We keep the transcript for up to 180 days to help you and improve our service; personal details such as phone numbers are masked. You can ask us for a copy or for deletion at any time. You can also choose not to keep this conversation: it is then deleted when the conversation ends.',
  zh: '本对话由AI助手回复，必要时转接人工客服。为处理您的问题并改进服务，我们最多保存对话记录180天；手机号等个人信息会被遮蔽。您可随时要求获取副本或删除记录。如不希望保存，可在开始对话时选择不保留，对话结束后即删除。',
}

const days = z.number().int().min(1).max(36500)
const RetentionInput = z.object({ transcriptDays: days, handoffDays: days, auditDays: days }).partial().strict()
const NoticeInput = z.object({ en: z.string().min(1), zh: z.string().min(1) }).strict()

export const PrivacySettings = {
  /** `{"default": {"transcriptDays": 180, "handoffDays": 365, "auditDays": 2555}, "tenants": {"acme": {"transcriptDays": 30}}}` */
  PRIVACY_RETENTION: jsonSetting(z.object({ default: RetentionInput.optional(), tenants: z.record(z.string(), RetentionInput).optional() }).strict()).optional(),
  /** `{"default": {"en": "...", "zh": "..."}, "tenants": {"acme": {"en": "...", "zh": "..."}}}` */
  PRIVACY_NOTICE: jsonSetting(z.object({ default: NoticeInput.optional(), tenants: z.record(z.string(), NoticeInput).optional() }).strict()).optional(),
  /** A conversation started with `retain: false` loses its transcript when closed, or after this many idle minutes. */
  PRIVACY_EPHEMERAL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  /** How often the Node server runs the retention purge (0 = never; `npm run privacy:purge` still works). */
  PRIVACY_PURGE_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  /** Rows per purge or erasure batch; each batch is one transaction. */
  PRIVACY_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(500),
  /** `k1:<base64 of 32 bytes>,k2:...`: AES-256-GCM keys for personal data the policy keeps. */
  PRIVACY_KEYS: z.string().optional(),
  /** Key id new values are sealed with (default: the last key in PRIVACY_KEYS). */
  PRIVACY_ACTIVE_KEY: z.string().regex(/^[\w-]{1,32}$/).optional(),
  /** Salt of the customer-id hashes in the audit log (required with PRIVACY_KEYS; generated with the key file otherwise). */
  PRIVACY_HASH_SALT: z.string().min(16).optional(),
}

interface PrivacyConfig {
  PRIVACY_RETENTION?: { default?: Partial<RetentionPolicy>; tenants?: Record<string, Partial<RetentionPolicy>> }
  PRIVACY_NOTICE?: { default?: Notice; tenants?: Record<string, Notice> }
}

export function retentionFor(config: PrivacyConfig, tenantId: string): RetentionPolicy {
  const r = config.PRIVACY_RETENTION
  return { ...DEFAULT_RETENTION, ...r?.default, ...r?.tenants?.[tenantId] }
}

export function noticeFor(config: PrivacyConfig, tenantId: string): Notice {
  const n = config.PRIVACY_NOTICE
  return n?.tenants?.[tenantId] ?? n?.default ?? DEFAULT_NOTICE
}

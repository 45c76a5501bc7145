/**
 * The HTTP hardening settings (rate limits, body sizes, CORS), spread into ConfigSchema.
 * Defaults keep the embedded demo working: any origin may call the customer API.
 */
import { z } from 'zod'

const perMinute = z.coerce.number().int().min(1).max(10_000_000)
const burst = z.coerce.number().int().min(1).max(1_000_000)
const bytes = z.coerce.number().int().min(1024).max(512 * 1024 * 1024)
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

export const HttpSecuritySettings = {
  /** Token buckets. Off only for experiments. */
  RATE_LIMIT_ENABLED: bool.default(true),
  /**
   * Where the buckets live. `memory`: this process (right for one process on the embedded database);
   * `database`: shared by every process and instance on the database, one upsert per request;
   * `auto`: the database on PostgreSQL, memory on the embedded one.
   */
  RATE_LIMIT_STORE: z.enum(['auto', 'memory', 'database']).default('auto'),
  /** Per API key (or staff token, or the anonymous demo's tenant): requests per minute and burst. */
  RATE_LIMIT_KEY_PER_MINUTE: perMinute.default(6000),
  RATE_LIMIT_KEY_BURST: burst.default(600),
  /** Per customer (tenant + X-Customer-Id): requests per minute and burst. */
  RATE_LIMIT_CUSTOMER_PER_MINUTE: perMinute.default(60),
  RATE_LIMIT_CUSTOMER_BURST: burst.default(20),
  /** Buckets kept at most in memory; the least recently used are forgotten first. */
  RATE_LIMIT_MAX_BUCKETS: z.coerce.number().int().min(100).default(100_000),
  /** Request bodies; the knowledge-base upload gets its own, larger limit. */
  MAX_BODY_BYTES: bytes.default(64 * 1024),
  KB_MAX_BODY_BYTES: bytes.default(4 * 1024 * 1024),
  /** Comma-separated origins allowed to call the API from a browser, or `*`. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((s) => s.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean)),
}

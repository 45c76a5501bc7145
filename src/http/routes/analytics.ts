/**
 * Supervisor analytics: GET /v1/analytics/summary (KPIs against targets, per day and per intent)
 * and GET /v1/analytics/gaps (clusters of questions the knowledge base did not answer).
 * Answers are cached per tenant and range for ANALYTICS_CACHE_SECONDS (at most 5 minutes stale).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../deps.js'
import type { Ops } from '../../ops/index.js'
import { computeSummary } from '../../ops/kpi/summary.js'
import { readEvalReport, targetsFor } from '../../ops/kpi/targets.js'
import { gapQuestions, knowledgeGaps } from '../../ops/gaps.js'
import { requireRole } from '../middleware/auth/index.js'
import { queryInt, queryNumber, readQuery } from '../validate.js'
import { DAY_FORMAT, DAY_MS, dayRange, FIRST_DAY, inStoredDays, isCalendarDay, LAST_DAY } from '../../ops/day-range.js'

const MAX_DAYS = 366

const isoDay = z
  .string()
  .regex(DAY_FORMAT, 'use YYYY-MM-DD')
  .refine(isCalendarDay, 'not a calendar date')
  .refine(inStoredDays, `from ${FIRST_DAY} to ${LAST_DAY}`)

/** A day range, `to` inclusive: the last 7 days by default, at most MAX_DAYS. */
function toRange(q: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  const { start, end } = dayRange(q, 7)
  if (start >= end) ctx.addIssue({ code: 'custom', path: ['from'], message: '`from` must not be after `to`' })
  else if ((end.getTime() - start.getTime()) / DAY_MS > MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: `a range of at most ${MAX_DAYS} days` })
  return { start, end }
}

const RangeFields = { from: isoDay.optional(), to: isoDay.optional() }
// Strict: a mistyped `form=` would otherwise quietly give the default range.
const RangeQuery = z.object(RangeFields).strict().transform(toRange)
const GapsQuery = z
  .object({ ...RangeFields, limit: queryInt(1, 200, 20), similarity: queryNumber(0, 1) })
  .strict()
  .transform((q, ctx) => ({ limit: q.limit, similarity: q.similarity, range: toRange(q, ctx) }))

const rangeKey = (tenantId: string, r: { start: Date; end: Date }) => `${tenantId}|${r.start.toISOString()}|${r.end.toISOString()}`

export const analyticsRoutes = (ops: Ops) =>
  new Hono<AppEnv>()
    .get('/v1/analytics/summary', requireRole('supervisor'), async (c) => {
      const deps = c.var.deps
      const range = readQuery(c, RangeQuery)
      const tenantId = c.var.tenantId
      const complaintIntents = Object.entries(deps.intents.routes).filter(([name]) => /complaint/.test(name)).map(([name]) => name)
      const [summary, evalReport] = await Promise.all([
        ops.summaries.get(rangeKey(tenantId, range), () =>
          computeSummary(deps.db, { tenantId, ...range }, { complaintIntents, strongNegative: deps.routing.strongNegativeScore }),
        ),
        ops.evalReports.get('eval', () => readEvalReport(deps.config.EVAL_REPORT)),
      ])
      return c.json({
        ...summary.value,
        targets: targetsFor(summary.value.totals, evalReport.value),
        eval_report: evalReport.value,
        generated_at: summary.computedAt.toISOString(),
        cached: summary.cached,
        max_staleness_seconds: deps.config.ANALYTICS_CACHE_SECONDS,
      })
    })
    .get('/v1/analytics/gaps', requireRole('supervisor'), async (c) => {
      const deps = c.var.deps
      const { range, ...q } = readQuery(c, GapsQuery)
      const tenantId = c.var.tenantId
      const threshold = q.similarity ?? deps.config.GAPS_SIMILARITY ?? (deps.providers.name === 'local' ? 0.3 : 0.6)
      const smalltalkIntents = Object.entries(deps.intents.routes).filter(([, route]) => route === 'smalltalk').map(([name]) => name)
      const result = await ops.gaps.get(`${rangeKey(tenantId, range)}|${threshold}`, async () => {
        const questions = await gapQuestions(deps.db, { tenantId, ...range }, { smalltalkIntents, limit: 2000 })
        return knowledgeGaps(questions, deps.providers.embedder, { threshold, maxClusters: 200, examples: 5 })
      })
      const clusters = result.value
      return c.json({
        tenant_id: tenantId,
        from: range.start.toISOString().slice(0, 10),
        to: new Date(range.end.getTime() - 1).toISOString().slice(0, 10),
        similarity: threshold,
        questions: clusters.reduce((n, g) => n + g.count, 0),
        clusters: clusters.slice(0, q.limit),
        generated_at: result.computedAt.toISOString(),
        cached: result.cached,
      })
    })

/**
 * Knowledge gaps: customer questions the knowledge base did not cover, i.e. turns handed off for
 * low confidence, answered without a citation (smalltalk and blocked input aside), or answered with
 * one that the customer rated "not helpful". They are
 * embedded and grouped by greedy clustering over cosine similarity, so the team sees which
 * articles to write. Texts are the stored ones, already PII-masked by the input check.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import type { Embedder } from '../models/types.js'
import type { Range } from './kpi/queries.js'

export const LOW_CONFIDENCE_REASONS = ['low_retrieval_score', 'low_citation_coverage', 'low_intent_confidence', 'low_confidence', 'outside_knowledge_base'] as const

export interface GapQuestion {
  text: string
  intent: string | null
  kind: 'low_confidence_handoff' | 'uncited_answer' | 'unhelpful_answer'
  at: string
}

export interface GapCluster {
  count: number
  /** The question nearest the cluster's centre. */
  label: string
  examples: string[]
  intents: Array<{ intent: string; count: number }>
  kinds: { low_confidence_handoff: number; uncited_answer: number; unhelpful_answer: number }
  last_seen: string
}

export async function gapQuestions(db: Db, r: Range, opts: { smalltalkIntents: string[]; limit: number }): Promise<GapQuestion[]> {
  const smalltalk = opts.smalltalkIntents.length ? opts.smalltalkIntents : ['-']
  const rows = await queryRows<{ text: string; intent: string | null; kind: GapQuestion['kind']; at: string | Date }>(
    db,
    sql`SELECT m.text, t.intent, t.created_at AS at,
          CASE WHEN t.route = 'handoff' THEN 'low_confidence_handoff' WHEN f.id IS NOT NULL THEN 'unhelpful_answer' ELSE 'uncited_answer' END AS kind
        FROM turns t
        JOIN messages m ON m.id = t.customer_message_id
        LEFT JOIN messages r ON r.id = t.reply_message_id
        -- The answer's "not helpful" vote, if any (one vote per answer: the join adds no row).
        LEFT JOIN answer_feedback f ON f.tenant_id = t.tenant_id AND f.message_id = t.reply_message_id AND NOT f.helpful
        WHERE t.tenant_id = ${r.tenantId} AND t.created_at >= ${r.start.toISOString()}::timestamptz AND t.created_at < ${r.end.toISOString()}::timestamptz
          AND length(trim(m.text)) > 0
          AND (
            (t.route = 'handoff' AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(t.route_reasons) AS x(reason)
              WHERE x.reason IN (${sql.join(LOW_CONFIDENCE_REASONS.map((x) => sql`${x}`), sql`, `)})))
            OR (t.route = 'answer' AND r.id IS NOT NULL
              AND jsonb_array_length(COALESCE(r.meta->'citations', '[]'::jsonb)) = 0
              AND COALESCE(t.intent, '') NOT IN (${sql.join(smalltalk.map((x) => sql`${x}`), sql`, `)})
              AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(t.compliance) AS d
                WHERE d->>'stage' = 'input' AND d->>'action' IN ('block', 'handoff')))
            OR (t.route = 'answer' AND f.id IS NOT NULL)
          )
        ORDER BY t.created_at DESC
        LIMIT ${opts.limit}`,
  )
  return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }))
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0)
function normalize(v: number[]): number[] {
  const n = Math.sqrt(dot(v, v))
  return n > 0 ? v.map((x) => x / n) : v
}

/**
 * Greedy clustering: each question (most recent first) joins the most similar cluster centre at or
 * above `threshold`, or starts a new cluster; centres are the normalized mean of their members.
 */
export function clusterBySimilarity(vectors: number[][], threshold: number): number[][] {
  const clusters: Array<{ sum: number[]; centre: number[]; members: number[] }> = []
  vectors.forEach((raw, i) => {
    const v = normalize(raw)
    let best = -1
    let bestSim = -Infinity
    clusters.forEach((c, j) => {
      const s = dot(v, c.centre)
      if (s > bestSim) [best, bestSim] = [j, s]
    })
    if (best >= 0 && bestSim >= threshold) {
      const c = clusters[best]
      c.members.push(i)
      c.sum = c.sum.map((x, k) => x + v[k])
      c.centre = normalize(c.sum)
    } else {
      clusters.push({ sum: [...v], centre: v, members: [i] })
    }
  })
  return clusters.map((c) => c.members)
}

export async function knowledgeGaps(questions: GapQuestion[], embedder: Embedder, opts: { threshold: number; maxClusters: number; examples: number }): Promise<GapCluster[]> {
  // Identical questions are embedded once.
  const distinct = [...new Set(questions.map((q) => q.text.trim()))]
  const vectors: number[][] = []
  for (let i = 0; i < distinct.length; i += 64) vectors.push(...(await embedder.embed(distinct.slice(i, i + 64))))
  const index = new Map(distinct.map((t, i) => [t, i]))
  const groups = clusterBySimilarity(vectors, opts.threshold)

  const clusters = groups.map((members): GapCluster => {
    const texts = new Set(members.map((m) => distinct[m]))
    const asked = questions.filter((q) => texts.has(q.text.trim()))
    const centre = normalize(members.reduce((s, m) => s.map((x, k) => x + normalize(vectors[m])[k]), new Array(vectors[members[0]].length).fill(0)))
    const label = [...texts].sort((a, b) => dot(normalize(vectors[index.get(b)!]), centre) - dot(normalize(vectors[index.get(a)!]), centre))[0]
    const intents = new Map<string, number>()
    for (const q of asked) intents.set(q.intent ?? '-', (intents.get(q.intent ?? '-') ?? 0) + 1)
    const byCount = new Map<string, number>()
    for (const q of asked) byCount.set(q.text.trim(), (byCount.get(q.text.trim()) ?? 0) + 1)
    return {
      count: asked.length,
      label,
      examples: [...byCount.entries()].sort((a, b) => b[1] - a[1]).slice(0, opts.examples).map(([t]) => t),
      intents: [...intents.entries()].map(([intent, count]) => ({ intent, count })).sort((a, b) => b.count - a.count),
      kinds: {
        low_confidence_handoff: asked.filter((q) => q.kind === 'low_confidence_handoff').length,
        uncited_answer: asked.filter((q) => q.kind === 'uncited_answer').length,
        unhelpful_answer: asked.filter((q) => q.kind === 'unhelpful_answer').length,
      },
      last_seen: asked.map((q) => q.at).sort().at(-1)!,
    }
  })
  return clusters.sort((a, b) => b.count - a.count || b.last_seen.localeCompare(a.last_seen)).slice(0, opts.maxClusters)
}

/**
 * Answers customers rated, as eval cases: production feedback becomes a case file `npm run eval`
 * reads (evals/formats/parley.ts), so the ML team can label the answers that did not help and score
 * the next model on them. Each case is the conversation up to the rated answer's question, as it is
 * stored (PII masked; values kept sealed are written as [redacted], never opened), and expects an
 * answer; the rated reply and its sources come along under `review`, for whoever adds the gold
 * documents or facts.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'
import { TOKEN } from '../privacy/vault.js'

export interface FeedbackCase {
  id: string
  lang?: 'en' | 'zh'
  messages: Array<{ role: 'customer' | 'bot' | 'agent'; text: string }>
  expected: { route: 'answer' }
  review: { helpful: boolean; rated_at: string; reply: string; cited_doc_ids: string[] }
}

const redacted = (text: string) => text.replace(TOKEN, '[redacted]')

/** The answers rated in [from, to) (`helpful` picks which votes), oldest first. */
export async function feedbackCases(db: Db, tenantId: string, opts: { helpful: boolean; from: Date; to: Date }): Promise<FeedbackCase[]> {
  const rated = await queryRows<{ message_id: string; conversation_id: string; helpful: boolean; rated_at: string | Date; lang: string | null; reply: string; meta: { citations?: Array<{ doc_id?: string }> } | null; asked_seq: number }>(
    db,
    sql`SELECT f.message_id, f.conversation_id, f.helpful, f.updated_at AS rated_at, c.lang, r.text AS reply, r.meta, q.seq AS asked_seq
      FROM answer_feedback f
      JOIN conversations c ON c.tenant_id = f.tenant_id AND c.id = f.conversation_id
      JOIN messages r ON r.tenant_id = f.tenant_id AND r.id = f.message_id
      JOIN turns t ON t.tenant_id = f.tenant_id AND t.reply_message_id = f.message_id
      JOIN messages q ON q.tenant_id = f.tenant_id AND q.id = t.customer_message_id
      WHERE f.tenant_id = ${tenantId} AND f.helpful = ${opts.helpful}
        AND f.updated_at >= ${opts.from.toISOString()}::timestamptz AND f.updated_at < ${opts.to.toISOString()}::timestamptz
      ORDER BY f.updated_at, f.message_id`,
  )
  // Every message of the conversations rated, read once: each case takes its conversation's up to its question.
  const ids = [...new Set(rated.map((r) => r.conversation_id))]
  const said = ids.length
    ? await queryRows<{ conversation_id: string; seq: number; role: string; text: string }>(
        db,
        sql`SELECT conversation_id, seq, role, text FROM messages
          WHERE tenant_id = ${tenantId} AND conversation_id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) AND role IN ('customer', 'bot', 'agent')
          ORDER BY conversation_id, seq`,
      )
    : []
  const cases: FeedbackCase[] = []
  for (const r of rated) {
    const before = said.filter((m) => m.conversation_id === r.conversation_id && Number(m.seq) <= Number(r.asked_seq))
    cases.push({
      id: `feedback-${r.message_id}`,
      ...(r.lang === 'en' || r.lang === 'zh' ? { lang: r.lang } : {}),
      messages: before.map((m) => ({ role: m.role as FeedbackCase['messages'][number]['role'], text: redacted(m.text) })),
      expected: { route: 'answer' },
      review: {
        helpful: r.helpful,
        rated_at: new Date(r.rated_at).toISOString(),
        reply: redacted(r.reply),
        cited_doc_ids: [...new Set((r.meta?.citations ?? []).map((c) => c.doc_id).filter((d): d is string => !!d))],
      },
    })
  }
  return cases
}

import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/client.js'

/**
 * A fingerprint of what an agent console shows of a tenant's open queue: how many handoffs are
 * open, when one last changed (every action and the sweep set `updated_at`), when one of their
 * conversations last got a message, and when one last got a note. A handoff leaving the queue
 * lowers the count; any other change moves a timestamp. The agent stream compares it at each
 * quiet heartbeat, because events are best effort: a Workers isolate hears only its own, and a
 * process reconnecting to the database misses what is published meanwhile.
 */
export async function queueWatermark(db: Db, tenantId: string): Promise<string> {
  const [row] = await queryRows<{ open: number | string; handoff_at: unknown; conversation_at: unknown; note_at: unknown }>(
    db,
    sql`WITH open AS (
        SELECT id, conversation_id, updated_at FROM handoffs WHERE tenant_id = ${tenantId} AND state IN ('waiting', 'claimed')
      )
      SELECT (SELECT count(*) FROM open) AS open,
             (SELECT max(updated_at)::text FROM open) AS handoff_at,
             (SELECT max(c.updated_at)::text FROM conversations c JOIN open o ON c.id = o.conversation_id WHERE c.tenant_id = ${tenantId}) AS conversation_at,
             (SELECT max(a.created_at)::text FROM handoff_activity a JOIN open o ON a.handoff_id = o.id WHERE a.tenant_id = ${tenantId}) AS note_at`,
  )
  return [Number(row.open), row.handoff_at, row.conversation_at, row.note_at].join('|')
}

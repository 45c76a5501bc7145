/**
 * What an agent does with a handoff: reply to the customer, write internal notes, transfer,
 * resolve, or return the conversation to the bot. Replies and closing actions need the caller's
 * live claim (supervisors may also transfer, resolve or return any open handoff).
 * Locks are taken conversation first, then handoff, like a bot turn, so they cannot deadlock.
 */
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { complianceDecisions, conversations, handoffActivity, handoffs, messages, staff } from '../db/schema/index.js'
import { hasRole } from '../auth/principal.js'
import type { StaffRole } from '../db/schema/index.js'
import { ProblemError } from '../http/problem.js'
import { decisionRows } from '../compliance/log.js'
import type { ComplianceChecks } from '../turn/deps.js'
import { detectLang } from '../text/lang.js'
import { publishHandoff, publishMessage, publishNote, publishStatus, type MessageEvent } from './events.js'
import { conversationErased, handoffNotFound } from './errors.js'
import { appendMessage, setConversationStatus } from './messages.js'
import { findHandoff, firstClaim, heldBy, leaseUntil, notHeld, type Actor, type HandoffDeps } from './queue.js'
import type { HandoffRow } from './view.js'

export interface ActionDeps extends HandoffDeps {
  compliance: ComplianceChecks
}

const FEEDBACK_REQUEST = {
  en: 'Your conversation with our support team is resolved. How did we do? Rate us from 1 to 5.',
  zh: '您与人工客服的对话已处理完毕。请为本次服务打分（1-5分）。',
}

/** Holder of a live claim, or a supervisor on any open handoff. */
const mayClose = (actor: Actor, id: string) =>
  hasRole(actor.role as StaffRole, 'supervisor')
    ? and(eq(handoffs.tenantId, actor.tenantId), eq(handoffs.id, id), inArray(handoffs.state, ['waiting', 'claimed']))
    : heldBy(actor, id)

/** The handoff to act on; nothing may be added once its conversation was erased. */
async function load(deps: HandoffDeps, actor: Actor, id: string): Promise<HandoffRow> {
  const found = await findHandoff(deps.db, actor, id)
  if (!found) throw handoffNotFound(id)
  if (found.erased) throw conversationErased(id)
  return found.row
}

/** Sends the agent's reply through the output compliance check and stores it as role 'agent'. */
export async function replyToCustomer(deps: ActionDeps, actor: Actor, id: string, text: string): Promise<{ message: MessageEvent; handoff: HandoffRow }> {
  const current = await load(deps, actor, id)
  const [held] = await deps.db.select({ id: handoffs.id }).from(handoffs).where(heldBy(actor, id))
  if (!held) throw await notHeld(deps.db, actor, id)

  const stored = await deps.db
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, current.conversationId), eq(messages.role, 'customer')))
    .orderBy(asc(messages.seq))
  // The customer's own words, so the PII-echo check recognises what they gave us.
  const said = deps.vault ? await deps.vault.openDeep(stored) : stored
  const lang = detectLang(said.at(-1)?.text ?? text)
  const check = await deps.compliance.checkOutput(text, { lang, customerTexts: said.map((m) => m.text), skipLabel: true })
  const logged = (messageId: string | null) =>
    decisionRows(check.decisions, { tenantId: actor.tenantId, conversationId: current.conversationId, subject: 'agent_reply', messageId, staffId: actor.staffId })
  if (check.action === 'block' || check.action === 'handoff') {
    // A refused reply is never stored, but that it was tried is.
    if (check.decisions.length) await deps.db.insert(complianceDecisions).values(logged(null))
    throw new ProblemError({
      title: 'Unprocessable Content',
      status: 422,
      detail: 'The reply did not pass the output compliance check; rephrase it.',
      rules: check.decisions.filter((d) => d.action === 'block' || d.action === 'handoff').map((d) => d.ruleId),
    })
  }

  const result = await deps.db.transaction(async (tx) => {
    const message = await appendMessage(tx, actor.tenantId, current.conversationId, {
      role: 'agent',
      text: check.text,
      meta: { handoff_id: id, agent: { staff_id: actor.staffId, name: actor.name }, ai_generated: false },
    })
    if (check.decisions.length) await tx.insert(complianceDecisions).values(logged(message.id))
    const [handoff] = await tx
      .update(handoffs)
      .set({
        leaseExpiresAt: leaseUntil(deps.handoff),
        firstReplyAt: sql`COALESCE(${handoffs.firstReplyAt}, now())`,
        timeToFirstReplyMs: sql`COALESCE(${handoffs.timeToFirstReplyMs}, (EXTRACT(EPOCH FROM now() - ${handoffs.createdAt}) * 1000)::int)`,
        slaBreachedAt: sql`CASE WHEN ${handoffs.slaBreachedAt} IS NULL AND ${handoffs.firstReplyAt} IS NULL AND ${handoffs.slaDueAt} < now() THEN now() ELSE ${handoffs.slaBreachedAt} END`,
        updatedAt: sql`now()`,
      })
      .where(heldBy(actor, id))
      .returning()
    if (!handoff) throw await notHeld(tx as never, actor, id)
    return { message, handoff }
  })
  publishMessage(deps.events, actor.tenantId, current.conversationId, result.message)
  publishHandoff(deps.events, 'handoff.replied', result.handoff)
  return result
}

/** An internal note on the handoff; any agent of the tenant may add one. Never shown to the customer. */
export async function addNote(deps: HandoffDeps, actor: Actor, id: string, text: string) {
  const row = await load(deps, actor, id)
  const note = { id: crypto.randomUUID(), tenantId: actor.tenantId, handoffId: id, kind: 'note' as const, staffId: actor.staffId, text }
  const stored = await deps.db.transaction(async (tx: Tx) => {
    // Shares the row lock with erasure's scrub of the customer link, so a racing note is stored
    // before it (and erased by erasure's final pass) or refused.
    const [live] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.tenantId, actor.tenantId), eq(conversations.id, row.conversationId), isNotNull(conversations.customerId)))
      .for('share')
    if (!live) throw conversationErased(id)
    const [inserted] = await tx.insert(handoffActivity).values(note).returning({ createdAt: handoffActivity.createdAt })
    return inserted
  })
  const view = { id: note.id, staff_id: actor.staffId, staff_name: actor.name, text, created_at: new Date(stored.createdAt).toISOString() }
  publishNote(deps.events, row, view)
  return view
}

export type TransferTarget = { to: 'agent'; staffId: string } | { to: 'queue'; skill?: string | null }

/** Hands the claim to another agent (with a fresh lease), or puts the handoff back in the queue, optionally for a skill. */
export async function transferHandoff(deps: HandoffDeps, actor: Actor, id: string, target: TransferTarget): Promise<HandoffRow> {
  await load(deps, actor, id)
  let set
  if (target.to === 'agent') {
    const [member] = await deps.db
      .select({ id: staff.id, role: staff.role })
      .from(staff)
      .where(and(eq(staff.tenantId, actor.tenantId), eq(staff.id, target.staffId), isNull(staff.revokedAt)))
    if (!member || !hasRole(member.role, 'agent')) {
      throw new ProblemError({ title: 'Unprocessable Content', status: 422, detail: `No agent ${target.staffId} in this tenant.` })
    }
    set = { state: 'claimed' as const, claimedBy: member.id, claimedAt: sql`now()`, leaseExpiresAt: leaseUntil(deps.handoff), claimCount: sql`${handoffs.claimCount} + 1`, ...firstClaim }
  } else {
    set = { state: 'waiting' as const, claimedBy: null, claimedAt: null, leaseExpiresAt: null, skill: target.skill ?? null }
  }
  const [row] = await deps.db.update(handoffs).set({ ...set, updatedAt: sql`now()` }).where(mayClose(actor, id)).returning()
  if (!row) throw await notHeld(deps.db, actor, id)
  await deps.db.insert(handoffActivity).values({
    id: crypto.randomUUID(), tenantId: row.tenantId, handoffId: id, kind: 'transferred', staffId: actor.staffId,
    data: target.to === 'agent' ? { to: 'agent', staff_id: target.staffId } : { to: 'queue', skill: target.skill ?? null },
  })
  publishHandoff(deps.events, 'handoff.transferred', row, { by: { staff_id: actor.staffId, name: actor.name }, to: target.to === 'agent' ? { staff_id: target.staffId } : 'queue' })
  return row
}

async function close(deps: HandoffDeps, actor: Actor, id: string, how: 'resolved' | 'returned') {
  const current = await load(deps, actor, id)
  const result = await deps.db.transaction(async (tx: Tx) => {
    let message: MessageEvent | null = null
    if (how === 'resolved') {
      const lang = detectLang(String((current.packet as { lastMessage?: string }).lastMessage ?? ''))
      message = await appendMessage(tx, actor.tenantId, current.conversationId, {
        role: 'system', text: FEEDBACK_REQUEST[lang], meta: { kind: 'feedback_request', handoff_id: id },
      }, 'closed')
    } else {
      await setConversationStatus(tx, actor.tenantId, current.conversationId, 'bot')
    }
    const [row] = await tx
      .update(handoffs)
      .set({ state: how, ...(how === 'resolved' ? { resolvedAt: sql`now()` } : { returnedAt: sql`now()` }), leaseExpiresAt: null, updatedAt: sql`now()` })
      .where(mayClose(actor, id))
      .returning()
    if (!row) throw await notHeld(tx as never, actor, id)
    await tx.insert(handoffActivity).values({ id: crypto.randomUUID(), tenantId: row.tenantId, handoffId: id, kind: how, staffId: actor.staffId })
    return { row, message }
  })
  const status = how === 'resolved' ? 'closed' : 'bot'
  publishHandoff(deps.events, how === 'resolved' ? 'handoff.resolved' : 'handoff.returned', result.row, { by: { staff_id: actor.staffId, name: actor.name } })
  if (result.message) publishMessage(deps.events, actor.tenantId, current.conversationId, result.message)
  publishStatus(deps.events, actor.tenantId, current.conversationId, status, how === 'resolved' ? { feedback_requested: true, handoff_id: id } : { handoff_id: id })
  return result.row
}

/** Closes the handoff; the conversation is closed and the customer is asked for a rating. */
export const resolveHandoff = (deps: HandoffDeps, actor: Actor, id: string) => close(deps, actor, id, 'resolved')

/** Gives the conversation back to the bot, which answers the customer's next message again. */
export const returnToBot = (deps: HandoffDeps, actor: Actor, id: string) => close(deps, actor, id, 'returned')


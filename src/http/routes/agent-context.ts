/** Shared by the agent route files: the acting staff member and the handoff dependencies. */
import type { Context } from 'hono'
import type { AppEnv } from '../../deps.js'
import { handoffConfig } from '../../handoff/config.js'
import type { ActionDeps } from '../../handoff/actions.js'
import type { Actor } from '../../handoff/queue.js'
import { ProblemError } from '../problem.js'

export function actorOf(c: Context<AppEnv>): Actor {
  const p = c.var.principal
  if (!p || p.kind !== 'staff') throw new ProblemError({ title: 'Unauthorized', status: 401, detail: 'This endpoint needs a staff token.' })
  return { tenantId: p.tenantId, staffId: p.staffId, name: p.name, role: p.role, skills: p.skills }
}

export function handoffDeps(c: Context<AppEnv>): ActionDeps {
  const { db, events, compliance, config, vault } = c.var.deps
  return { db, events, compliance, vault, handoff: handoffConfig(config) }
}

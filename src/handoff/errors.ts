import { ProblemError } from '../http/problem.js'

/** The handoff is not in a state that allows the action (not claimed by the caller, already closed, ...). */
export const conflict = (detail: string, extra: Record<string, unknown> = {}) =>
  new ProblemError({ title: 'Conflict', status: 409, detail, ...extra })

export const handoffNotFound = (id: string) => new ProblemError({ title: 'Not Found', status: 404, detail: `Handoff ${id} does not exist` })

/** The customer's data was erased (or retention removed the conversation): the handoff takes nothing more. */
export const conversationErased = (id: string) =>
  new ProblemError({ title: 'Gone', status: 410, detail: `The conversation of handoff ${id} was erased; nothing more can be added to it.` })

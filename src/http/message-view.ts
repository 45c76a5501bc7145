/**
 * What a customer sees of a stored message's metadata: citations, labels and the agent's name, not
 * the staff id behind it. The transcript and the customer's event stream both show messages this way.
 */
export function customerMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const { agent, ...rest } = meta as { agent?: { name?: string } }
  return agent ? { ...rest, agent_name: agent.name ?? null } : rest
}

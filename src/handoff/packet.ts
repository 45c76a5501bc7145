/** What an agent sees first when they open a handoff: enough to reply without re-reading everything. */
export interface HandoffPacket {
  summary: string
  lastMessage: string
  intent: { name: string; confidence: number } | null
  sentimentTrend: number[]
  documents: Array<{ docId: string; title: string; url: string | null; similarity: number }>
  draftReply: string | null
  reason: string
  reasons: string[]
  priority: 'urgent' | 'normal'
}

/** A short extractive summary: the customer's messages in order, trimmed. */
export function summarizeConversation(history: Array<{ role: string; text: string }>, lastMessage: string): string {
  const said = [...history.filter((m) => m.role === 'customer').map((m) => m.text), lastMessage]
  const lines = said.slice(-5).map((t) => `- ${t.length > 160 ? `${t.slice(0, 157)}...` : t}`)
  return `Customer wrote ${said.length} message(s):\n${lines.join('\n')}`
}

import { z } from 'zod'
import { detectLang } from '../../text/lang.js'
import type { IntentClassifier, IntentExample, IntentPrediction, IntentTrainer } from '../types.js'
import { callStructured, createChat } from './chat.js'
import type { OpenAIProviderConfig } from './config.js'
import { ProviderError } from './errors.js'
import { renderPrompt } from './prompts.js'

/** Exemplars per intent shown in the prompt: enough to disambiguate, short enough to stay cheap. */
const EXEMPLARS_PER_INTENT = 3

const IntentOutput = z.object({
  intent: z.string().describe('one of the allowed intent names'),
  confidence: z.number().min(0).max(1),
  // Required (possibly empty): OpenAI's strict json_schema mode rejects optional properties.
  alternatives: z.array(z.object({ intent: z.string(), score: z.number().min(0).max(1) })),
})

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_')

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]
}

/**
 * Maps a name the model returned onto a known intent: exact, then case/separator-insensitive,
 * then the nearest name within a third of its length in edits (typos like "refund_requst").
 * Anything further away is not guessed at.
 */
export function matchIntent(name: string, intents: readonly string[]): string | undefined {
  if (intents.includes(name)) return name
  const n = norm(name)
  const same = intents.find((i) => norm(i) === n)
  if (same) return same
  let best: string | undefined
  let bestD = Infinity
  for (const i of intents) {
    const d = editDistance(n, norm(i))
    if (d < bestD) [best, bestD] = [i, d]
  }
  return best !== undefined && bestD <= Math.floor(norm(best).length / 3) ? best : undefined
}

export function createOpenAIIntentTrainer(cfg: OpenAIProviderConfig): IntentTrainer {
  return async (examples: IntentExample[]): Promise<IntentClassifier> => {
    const byIntent = new Map<string, string[]>()
    for (const ex of examples) {
      const list = byIntent.get(ex.intent) ?? []
      if (list.length < EXEMPLARS_PER_INTENT) list.push(ex.text)
      byIntent.set(ex.intent, list)
    }
    const intents = Object.freeze([...byIntent.keys()])
    if (intents.length === 0) throw new Error('intent training needs at least one example')
    const intentList = intents.map((i) => `- ${i}`).join('\n')
    const exemplars = [...byIntent].map(([i, texts]) => `${i}:\n${texts.map((t) => `  - ${JSON.stringify(t)}`).join('\n')}`).join('\n')
    const chat = createChat(cfg)

    return {
      intents,
      async classify(text, lang, opts): Promise<IntentPrediction> {
        const prompt = renderPrompt(cfg.prompts, 'intent', lang ?? detectLang(text), { intents: intentList, exemplars, text })
        const out = await callStructured(chat, IntentOutput, 'classify_intent', prompt, opts)
        const top = matchIntent(out.intent, intents)
        if (top === undefined) {
          throw new ProviderError('malformed', `${prompt.id}: model returned unknown intent ${JSON.stringify(out.intent)}`)
        }
        const ranking = [{ name: top, score: out.confidence }]
        for (const alt of out.alternatives.slice(0, 5)) {
          const name = matchIntent(alt.intent, intents)
          // Unknown alternatives are dropped: only the top intent must be valid.
          if (name !== undefined && !ranking.some((r) => r.name === name)) ranking.push({ name, score: alt.score })
        }
        ranking.sort((a, b) => b.score - a.score)
        if (ranking[0].name !== top) ranking.unshift(ranking.splice(ranking.findIndex((r) => r.name === top), 1)[0])
        return { name: top, confidence: out.confidence, ranking }
      },
    }
  }
}

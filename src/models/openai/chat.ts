import { ChatOpenAI } from '@langchain/openai'
import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages'
import type { z } from 'zod'
import type { CallOptions } from '../types.js'
import type { ChatConfig } from './config.js'
import { toProviderError } from './errors.js'
import type { RenderedPrompt } from './prompts.js'

/** Reasoning models reject a temperature other than the default. */
function acceptsTemperature(model: string): boolean {
  return !/^o\d/.test(model) && !(model.startsWith('gpt-5') && !model.startsWith('gpt-5-chat'))
}

export function createChat(cfg: ChatConfig): ChatOpenAI {
  return new ChatOpenAI({
    model: cfg.chatModel,
    apiKey: cfg.apiKey,
    configuration: cfg.baseURL ? { baseURL: cfg.baseURL } : {},
    timeout: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    // Chat Completions everywhere: OpenAI-compatible servers rarely implement the Responses API.
    useResponsesApi: false,
    ...(acceptsTemperature(cfg.chatModel) ? { temperature: 0 } : {}),
  })
}

export function toMessages(prompt: RenderedPrompt): BaseMessage[] {
  const msgs: BaseMessage[] = [new SystemMessage(prompt.system)]
  if (prompt.user !== '') msgs.push(new HumanMessage(prompt.user))
  return msgs
}

/**
 * One structured-output call: LangChain picks json_schema (or tool calling for older
 * models) and parses; the result is re-validated so every path yields the schema's type.
 */
export async function callStructured<S extends z.ZodType<Record<string, unknown>>>(
  chat: ChatOpenAI,
  schema: S,
  name: string,
  prompt: RenderedPrompt,
  opts?: CallOptions,
): Promise<z.output<S>> {
  try {
    const raw = await chat.withStructuredOutput(schema, { name }).invoke(toMessages(prompt), { signal: opts?.signal })
    return schema.parse(raw)
  } catch (e) {
    throw toProviderError(e, `${prompt.id} (${name})`)
  }
}

/**
 * Stage timings for a turn. The turn calls `stage.run(name, work)` around each stage; when the
 * deps carry an `onStage` hook (the app sets one per request), it hears the stage's name, its
 * duration and its result (or error). Without a hook the timer only runs the work.
 */
export type TurnStage = 'input_check' | 'spelling' | 'sentiment' | 'intent' | 'retrieval' | 'answer' | 'confidence' | 'output_check' | 'route' | 'store'

export interface StageEvent {
  stage: TurnStage
  ms: number
  result?: unknown
  error?: unknown
}

export interface StageHooks {
  onStage?: (event: StageEvent) => void
  /** A model provider failed in a turn (after its retries); the turn fell back to a local model, or went without. */
  onProviderFallback?: (event: { stage: string; error: unknown }) => void
}

export interface StageTimer {
  run<T>(stage: TurnStage, work: () => Promise<T>): Promise<T>
  sync<T>(stage: TurnStage, work: () => T): T
}

export function stageTimer(hooks: StageHooks): StageTimer {
  const hook = hooks.onStage
  const report = (event: StageEvent) => {
    try {
      hook?.(event)
    } catch {
      // Observability must never fail a turn.
    }
  }
  return {
    async run(stage, work) {
      if (!hook) return work()
      const started = performance.now()
      try {
        const result = await work()
        report({ stage, ms: performance.now() - started, result })
        return result
      } catch (error) {
        report({ stage, ms: performance.now() - started, error })
        throw error
      }
    },
    sync(stage, work) {
      if (!hook) return work()
      const started = performance.now()
      try {
        const result = work()
        report({ stage, ms: performance.now() - started, result })
        return result
      } catch (error) {
        report({ stage, ms: performance.now() - started, error })
        throw error
      }
    },
  }
}

/** A progress bar on stderr (cli-progress); silent when disabled, e.g. in tests. */
import cliProgress from 'cli-progress'

export interface Progress {
  update(label: string, done: number, total: number): void
  stop(): void
}

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled) return { update() {}, stop() {} }
  const bar = new cliProgress.SingleBar(
    { stream, format: '{label} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted}', hideCursor: true, noTTYOutput: !stream.isTTY, notTTYSchedule: 5000, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  )
  let current = ''
  let started = false
  return {
    update(label, done, total) {
      if (!started || label !== current) {
        if (started) bar.stop()
        bar.start(total, done, { label })
        started = true
        current = label
      } else bar.update(done, { label })
    },
    stop() {
      if (started) bar.stop()
      started = false
    },
  }
}

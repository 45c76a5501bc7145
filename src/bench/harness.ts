/** Shared by the benchmarks: the Parley server (or the bare baseline) as a child process on a free loopback port, and the questions to ask it. */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface ChildServer {
  url: string
  child: ChildProcess
}

export async function startServer(script: string, env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /"msg":"parley listening","url":"http:\/\/localhost:(\d+)"/.exec(out)
      if (m) resolve(`http://127.0.0.1:${m[1]}`)
    })
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)))
  })
  return { url, child }
}

export const stopServer = (s: ChildServer) =>
  new Promise<void>((resolve) => {
    s.child.once('exit', () => resolve())
    s.child.kill('SIGTERM')
  })

/** The demo eval suite's questions that should be answered (the costly path), English and Chinese. */
export function answerableQuestions(file = 'evals/datasets/demo.jsonl'): Array<{ text: string; intent: string }> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { input?: string; expected: { route?: string; intent?: string } })
    .flatMap((c) => (c.input && c.expected.route === 'answer' ? [{ text: c.input, intent: c.expected.intent ?? 'unknown' }] : []))
}

/** `--name value` from the command line, or the fallback. */
export function flag(name: string, fallback: string): string {
  const args = process.argv.slice(2)
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback
}

export interface LatencyStats {
  p50: number
  p95: number
  mean: number
}

/** Nearest-rank p50 and p95, and the mean, of latency samples. */
export function latencyStats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]
  return { p50: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length }
}

/**
 * The service's event-loop utilization and delay (ms) since the previous scrape, so a bench can
 * tell waiting for CPU inside the service from waiting elsewhere. Scrape once before a measurement
 * to start afresh.
 */
export async function serviceEventLoop(url: string): Promise<{ busy: number; p50: number; p99: number; max: number } | null> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const read = (series: string) => {
    const m = new RegExp(`^${series.replace(/[{}.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)
    return m ? Number(m[1]) : NaN
  }
  const ms = (q: string) => read(`parley_event_loop_delay_seconds{quantile="${q}"}`) * 1000
  const out = { busy: read('parley_event_loop_utilization'), p50: ms('0.5'), p99: ms('0.99'), max: ms('max') }
  return Number.isNaN(out.busy) ? null : out
}

export const formatEventLoop = (d: Awaited<ReturnType<typeof serviceEventLoop>>) =>
  d
    ? `service event loop busy ${(100 * d.busy).toFixed(0)}% of the time; delay p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms`
    : 'service event loop: not reported'

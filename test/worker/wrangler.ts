/** Runs the project's wrangler (node_modules) from tests: dry-run bundles and `wrangler dev` on local workerd. */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WRANGLER = fileURLToPath(new URL('../../node_modules/wrangler/bin/wrangler.js', import.meta.url))
/** No telemetry, no update check against the network, no login prompts. */
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0' }

export function wrangler(args: string[], timeoutMs = 240_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: ENV, timeout: timeoutMs, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`wrangler ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`))
      else resolve({ stdout, stderr })
    })
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface DevServer {
  url: string
  output(): string
  stop(): Promise<void>
}

/** `wrangler dev` on 127.0.0.1:<random port> with the given vars; resolves once /healthz answers. */
export async function startWranglerDev(vars: Record<string, string>, persistTo: string, readyTimeoutMs = 120_000): Promise<DevServer> {
  const port = await freePort()
  const args = [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistTo, '--log-level', 'info', '--show-interactive-dev-session=false']
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`)
  // Own process group, so stopping it also stops the workerd child it starts.
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const server: DevServer = {
    url: `http://127.0.0.1:${port}`,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {}
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL')
          } catch {}
        }, 5000)
        await exited
        clearTimeout(timer)
      }
    },
  }
  const deadline = Date.now() + readyTimeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log}`)
    try {
      const res = await fetch(`${server.url}/healthz`)
      if (res.status === 200) return server
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  await server.stop()
  throw new Error(`wrangler dev did not become ready in ${readyTimeoutMs} ms:\n${log}`)
}

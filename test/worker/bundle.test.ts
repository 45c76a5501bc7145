/**
 * The Worker bundles: `wrangler deploy --dry-run` builds src/worker.ts with wrangler.toml's rules,
 * the bundle size is printed, and the Worker path pulls in no filesystem modules.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { wrangler } from './wrangler.js'

const FS_MODULES = /^(node:)?(fs|fs\/promises|path|url|child_process|os)$/

describe('Worker bundle', () => {
  let out = ''
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true })
  })

  it('builds with wrangler deploy --dry-run, without node:fs/path/url on the Worker path', async () => {
    out = await mkdtemp(join(tmpdir(), 'parley-worker-'))
    const { stdout } = await wrangler(['deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')])
    expect(stdout).toContain('--dry-run: exiting now')
    const code = await readFile(join(out, 'worker.js'))
    const gzip = gzipSync(code).length
    const modules = (await stat(join(out, 'worker.js'))).size
    console.log(`worker bundle: ${(modules / 1024).toFixed(0)} KiB, ${(gzip / 1024).toFixed(0)} KiB gzip (wrangler: ${/Total Upload: ([^\n]+)/.exec(stdout)?.[1] ?? '?'})`)
    // Sanity bound only: Workers' paid-plan limit is 10 MB compressed.
    expect(gzip).toBeLessThan(10 * 2 ** 20)

    const meta = JSON.parse(await readFile(join(out, 'meta.json'), 'utf8')) as { inputs: Record<string, { imports: Array<{ path: string; kind: string }> }> }
    const statics: string[] = []
    const dynamics: string[] = []
    for (const [file, input] of Object.entries(meta.inputs)) {
      for (const imp of input.imports) {
        if (!FS_MODULES.test(imp.path)) continue
        ;(imp.kind === 'dynamic-import' ? dynamics : statics).push(`${file} -> ${imp.path}`)
      }
    }
    // Lazy imports only load if their code path runs; report them so they can be moved off the Worker path.
    if (dynamics.length) console.warn(`lazy Node-only imports reachable from the Worker:\n  ${dynamics.join('\n  ')}`)
    expect(statics).toEqual([])
  })
})

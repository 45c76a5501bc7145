/**
 * The report folder, made one missing level at a time. Node's recursive mkdir never returns where a
 * parent exists but cannot hold a child (a path under /proc, a dangling symlink): it makes the parent
 * again and retries forever. Made level by level, the first refusal (ENOENT, ENOTDIR, EACCES) is final.
 */
import { lstat, mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

export async function makeDir(dir: string): Promise<void> {
  const missing: string[] = []
  for (let at = resolve(dir); !(await lstat(at).then(() => true, () => false)); at = dirname(at)) {
    missing.unshift(at)
    if (dirname(at) === at) break
  }
  for (const level of missing) await mkdir(level)
}

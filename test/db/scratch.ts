/** A throwaway PostgreSQL database (empty, not migrated) on the CI server, for tests that open their own connections. */
import postgres from 'postgres'

export interface ScratchDatabase {
  url: string
  drop(): Promise<void>
}

export async function createScratchDatabase(adminUrl = process.env.DATABASE_URL_TEST): Promise<ScratchDatabase> {
  if (!adminUrl) throw new Error('DATABASE_URL_TEST is not set')
  const name = `parley_s_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

/** A deterministic unit vector, as pgvector text. */
export function vectorLiteral(seed: number, dim = 512): string {
  let a = seed >>> 0
  const v: number[] = []
  for (let i = 0; i < dim; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    v.push(((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5)
  }
  const norm = Math.hypot(...v)
  return `[${v.map((x) => (x / norm).toFixed(6)).join(',')}]`
}

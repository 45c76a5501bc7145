/**
 * `npm run kb:ingest -- <dir|file.jsonl> [--tenant <id>]`: ingests a knowledge source into a tenant
 * (DATABASE_URL, or the embedded DATA_DIR; stop the embedded server first, PGlite allows one process
 * per directory). All or nothing: every document is read and checked, then chunked and embedded, and
 * only then are all written in one transaction, so a bad document or a provider failing halfway leaves
 * the knowledge base as it was.
 *
 * Exit codes: 0 stored, 1 nothing stored (the provider or the database failed), 2 nothing stored (bad
 * arguments or source).
 */
import { pathToFileURL } from 'node:url'
import { SingleBar, Presets } from 'cli-progress'
import { createTenant, TENANT_ID, TENANT_ID_RULE, tenantExists } from '../auth/credentials.js'
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { ingestDocuments } from '../knowledge/ingest.js'
import { readKnowledgeDocuments } from '../knowledge/load.js'
import type { DocumentInput } from '../knowledge/document.js'
import { createProviders } from '../runtime.js'
import { cliArgs, runCli, UsageError } from './main.js'

const USAGE = 'usage: npm run kb:ingest -- <dir|file.jsonl> [--tenant <id>]'

export interface KbIngestIo {
  env: Record<string, string | undefined>
  out(line: string): void
  err(line: string): void
  /** Draw a progress bar (on a terminal). */
  progress: boolean
}

function parseArgs(argv: string[]): { source: string; tenant?: string } {
  const { values, positionals } = cliArgs(argv, { tenant: { type: 'string' } }, { positionals: 1 })
  if (!positionals[0]) throw new UsageError('name a folder of .md/.txt/.html files or a .jsonl file')
  return { source: positionals[0], tenant: values.tenant }
}

async function readSource(source: string): Promise<DocumentInput[]> {
  let docs: DocumentInput[]
  try {
    docs = await readKnowledgeDocuments(source)
  } catch (err) {
    // Node's own messages ("ENOENT: no such file or directory, stat ...") read as a crash, not as the user's typo.
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UsageError(`${source}: no such file or folder`)
    if (code) throw new UsageError(`${source}: cannot be read (${code})`)
    throw new UsageError(`${source}: ${(err as Error).message}`)
  }
  if (docs.length === 0) throw new UsageError(`${source}: no documents (a folder of .md/.txt/.html files, or a .jsonl file)`)
  return docs
}

export async function runKbIngest(argv: string[], io: KbIngestIo): Promise<number> {
  let source: string, tenantId: string, docs: DocumentInput[], config: ReturnType<typeof loadConfig>
  try {
    const args = parseArgs(argv)
    source = args.source
    config = loadConfig(io.env)
    tenantId = args.tenant ?? config.DEFAULT_TENANT
    if (!TENANT_ID.test(tenantId)) throw new UsageError(`--tenant ${tenantId}: ${TENANT_ID_RULE}`)
    docs = await readSource(source)
  } catch (err) {
    io.err(`kb:ingest: ${(err as Error).message}`)
    if (err instanceof UsageError) io.err(USAGE)
    return 2
  }

  const database = await openDatabase(config)
  try {
    const tenant = await tenantExists(database.db, tenantId)
    // The default tenant is the one a fresh database starts with; any other is created on purpose, so
    // a mistyped --tenant does not quietly start a new knowledge base.
    if (!tenant && tenantId !== config.DEFAULT_TENANT) {
      io.err(`kb:ingest: tenant ${tenantId} does not exist (create it with: npm run tenants -- create ${tenantId})`)
      return 2
    }
    if (!tenant) await createTenant(database.db, tenantId)
    const providers = await createProviders(config)
    const deps = { db: database.db, embedder: providers.embedder, chunking: { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP } }
    const bar = io.progress ? new SingleBar({ format: 'embed [{bar}] {value}/{total} docs | {eta_formatted} left' }, Presets.shades_classic) : undefined
    bar?.start(docs.length, 0)
    let results
    try {
      results = await ingestDocuments(deps, tenantId, docs, (done) => bar?.update(done))
    } catch (err) {
      io.err(`kb:ingest: ${(err as Error).message}; nothing was stored`)
      return 1
    } finally {
      bar?.stop()
    }
    const chunks = results.reduce((n, r) => n + r.chunks, 0)
    const unchanged = results.filter((r) => !r.changed).length
    io.out(`ingested ${docs.length} documents (${chunks} chunks; ${unchanged} unchanged) into tenant ${tenantId}`)
    return 0
  } finally {
    await database.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // runKbIngest reports what the user got wrong; runCli reports the rest (a provider or database failing) in one line.
  await runCli('kb:ingest', USAGE, () => runKbIngest(process.argv.slice(2), { env: process.env, out: console.log, err: console.error, progress: !!process.stderr.isTTY }))
}

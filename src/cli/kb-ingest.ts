/** `npm run kb:ingest -- <dir|file.jsonl> [--tenant id]`: ingests documents with a progress bar. */
import { SingleBar, Presets } from 'cli-progress'
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/open.js'
import { createProviders } from '../runtime.js'
import { ingestDocument } from '../knowledge/ingest.js'
import { readKnowledgeSource } from '../knowledge/load.js'
import { tenants } from '../db/schema/index.js'

const args = process.argv.slice(2)
const source = args.find((a) => !a.startsWith('--'))
if (!source) {
  console.error('usage: npm run kb:ingest -- <dir|file.jsonl> [--tenant <id>]')
  process.exit(2)
}
const config = loadConfig(process.env, args)
const tenantFlag = args.indexOf('--tenant')
const tenantId = tenantFlag >= 0 ? args[tenantFlag + 1] : config.DEFAULT_TENANT

const database = await openDatabase(config)
const providers = await createProviders(config)
await database.db.insert(tenants).values({ id: tenantId, name: tenantId }).onConflictDoNothing()

const docs = []
for await (const doc of readKnowledgeSource(source)) docs.push(doc)
const bar = new SingleBar({ format: 'ingest [{bar}] {value}/{total} docs | {chunks} chunks | {eta_formatted} left' }, Presets.shades_classic)
bar.start(docs.length, 0, { chunks: 0 })
let chunks = 0
let failed = 0
for (const doc of docs) {
  try {
    chunks += (await ingestDocument({ db: database.db, embedder: providers.embedder, chunking: { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP } }, tenantId, doc)).chunks
  } catch (error) {
    failed++
    console.error(`\n${doc.id}: ${(error as Error).message}`)
  }
  bar.increment(1, { chunks })
}
bar.stop()
console.log(`ingested ${docs.length - failed} of ${docs.length} documents (${chunks} chunks) into tenant ${tenantId}`)
await database.close()
process.exit(failed ? 1 : 0)

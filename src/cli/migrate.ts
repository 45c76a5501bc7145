/**
 * `npm run db:migrate [-- --seed] [-- --reindex]`: applies the migrations to DATABASE_URL (or the
 * embedded PGlite in DATA_DIR), rebuilds the HNSW index if HNSW_M / HNSW_EF_CONSTRUCTION changed
 * (`--reindex` forces it), creates the default tenant, and with `--seed` ingests SEED_KB when the
 * tenant has no documents. It also re-indexes chunks stored by an older analyzer or embedder
 * (src/knowledge/refresh.ts). Run it before deploying the Worker, which never migrates.
 */
import { loadConfig } from '../config.js'
import { createTenant } from '../auth/credentials.js'
import { ensureHnswIndex } from '../db/hnsw.js'
import { openDatabase } from '../db/open.js'
import { buildDeps, createProviders, refreshKnowledgeIndex, seedKnowledge } from '../runtime.js'
import { cliArgs, runCli } from './main.js'

await runCli('db:migrate', 'usage: npm run db:migrate -- [--seed] [--reindex]', async () => {
  const args = cliArgs(process.argv.slice(2), { seed: { type: 'boolean' }, reindex: { type: 'boolean' } }).values
  const config = loadConfig(process.env)
  const database = await openDatabase(config)
  try {
    const hnsw = await ensureHnswIndex(database, { m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION }, { force: !!args.reindex })
    await createTenant(database.db, config.DEFAULT_TENANT)
    const providers = await createProviders(config)
    // Chunks indexed by an older analyzer or embedder: before the Worker, which never migrates, serves them.
    const refreshed = await refreshKnowledgeIndex(database.db, providers.embedder)
    let seeded = 0
    if (args.seed && config.SEED_KB) {
      seeded = await seedKnowledge(await buildDeps(config, { database, providers, seed: false }), config.SEED_KB)
    }
    console.log(JSON.stringify({
      level: 'info',
      msg: 'database ready',
      driver: database.driver,
      hnsw: { ...hnsw.after, rebuilt: hnsw.rebuilt },
      tenant: config.DEFAULT_TENANT,
      seededDocuments: seeded,
      refreshedChunks: refreshed.chunks,
    }))
  } finally {
    await database.close()
  }
})

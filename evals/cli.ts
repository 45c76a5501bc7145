/**
 * `npm run eval`: runs a case file through the real pipeline in process, scores it, writes
 * report.json / report.md / report.html, prints a summary, and exits 1 under the 92% target.
 */
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { basename, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ProviderError } from '../src/models/openai/errors.js'
import { parseEvalArgs, USAGE, type EvalArgs } from './args.js'
import { HEADLINE, loadCases } from './formats/index.js'
import { InputError, isInputError } from './input-error.js'
import { createJudge, runJudge } from './judge.js'
import { scoreCase } from './metrics/score.js'
import { diffReports, readBaseline } from './report/baseline.js'
import { exitCodeFor } from './report/gate.js'
import { makeDir } from './report/out-dir.js'
import { summaryTable } from './report/summary.js'
import type { Report } from './report/types.js'
import { buildReport, withBaseline, writeReport } from './report/write.js'
import { buildEvalDeps, checkProvider } from './run/deps.js'
import { checkIntentFiles } from './run/intent-files.js'
import { prepareKb } from './run/kb.js'
import { createProgress } from './run/progress.js'
import { cleanCases, countTooLong, runCases } from './run/runner.js'
import type { EvalCase } from './types.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const DEMO = {
  dataset: resolve(ROOT, 'evals/datasets/demo.jsonl'),
  kb: resolve(ROOT, 'src/demo/kb'),
  intents: resolve(ROOT, 'src/demo/intents.csv'),
  routes: resolve(ROOT, 'src/demo/routes.json'),
}

export interface MainIO {
  stdout?: (text: string) => void
  stderr?: (text: string) => void
  env?: Record<string, string | undefined>
  /** Overrides --no-progress (tests turn the bar off). */
  progress?: boolean
}

/** n cases evenly spaced through the set, so files sorted by label stay balanced. */
export function limitCases(cases: EvalCase[], limit: number | undefined): EvalCase[] {
  if (!limit || limit >= cases.length) return cases
  return Array.from({ length: limit }, (_, i) => cases[Math.floor((i * cases.length) / limit)])
}

const timestamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '')

export async function runEval(args: EvalArgs, io: MainIO = {}): Promise<{ report: Report; files: string[]; exitCode: number }> {
  const stderr = io.stderr ?? ((t: string) => process.stderr.write(t + '\n'))
  const dataset = args.dataset ?? DEMO.dataset
  // Settings first: found out before any input is read, not when the service is built from them.
  const config = checkProvider(args.provider, io.env)
  const baseline = args.baseline ? await readBaseline(args.baseline) : undefined
  const set = await loadCases(dataset, { format: args.format, hasIntentsFile: !!args.intents, holdout: args.holdout })
  if (set.cases.length === 0) throw new InputError(`--dataset ${dataset}: no cases in it (read as ${set.format}${set.notes.length ? `; ${set.notes.join('; ')}` : ''})`)
  const chosen = args.only ? set.cases.filter((c) => args.only!.test(c.id)) : set.cases
  if (chosen.length === 0) throw new InputError(`--only ${args.only}: no case id of ${set.cases.length} matches`)
  // Without its pages every question is a miss, and 0% would pass for a measurement.
  if (set.format === 'doc2dial' && !args.kb) throw new InputError(`--dataset ${basename(dataset)}: doc2dial questions need their knowledge base: --kb <kb_docs.jsonl>`)
  const intents = args.intents ?? (set.training ? undefined : DEMO.intents)
  // The demo routes name demo intents; other intents route by the default (answer) unless --routes is given.
  const routes = args.routes ?? (intents && resolve(intents) === DEMO.intents ? DEMO.routes : undefined)
  await checkIntentFiles({ intents, routes })
  const kbSource = args.kb ?? (set.format === 'parley' ? DEMO.kb : undefined)
  const kb = kbSource ? await prepareKb(kbSource) : undefined
  // Made once every input has been checked (a bad one leaves no empty folder), and before any case runs.
  try {
    if (args.out) await checkOutDir(args.out)
  } catch (err) {
    await kb?.cleanup()
    throw err
  }
  const cases = cleanCases(limitCases(kb ? kb.mapCases(chosen) : chosen, args.limit))
  const notes = [...set.notes]
  if (chosen.length < set.cases.length) notes.push(`--only ${args.only}: ${chosen.length} of ${set.cases.length} cases`)
  if (kb?.rewritten) notes.push(`${kb.rewritten} knowledge-base ids rewritten to the ingest's id rule (slug + hash), in the KB copy and in expected doc_ids alike`)
  if (cases.length < chosen.length) notes.push(`--limit ${args.limit}: ${cases.length} of ${chosen.length} cases, evenly spaced`)
  // A doc_id the knowledge base lacks (a typo, another KB) fails its case on every run, and would read as a retrieval miss.
  const noGoldDoc = kb ? cases.filter((c) => c.expected.doc_ids && !c.expected.doc_ids.some((d) => kb.docIds.has(d))) : []
  if (noGoldDoc.length) notes.push(`${noGoldDoc.length} cases expect only doc_ids the knowledge base does not have (first: ${noGoldDoc[0].id}); they cannot be answered right`)
  const tooLong = countTooLong(cases, config.MAX_MESSAGE_CHARS)
  if (tooLong) notes.push(`${tooLong} inputs are longer than the API accepts (MAX_MESSAGE_CHARS ${config.MAX_MESSAGE_CHARS}); they are run whole`)
  if (args.holdout && !['banking77', 'sentiment'].includes(set.format)) notes.push(`--holdout ignored for ${set.format}`)
  notes.push(`kb: ${kbSource ? relative(process.cwd(), kbSource) || kbSource : 'none'}; intents: ${intents ? relative(process.cwd(), intents) : `trained from the set (${set.training!.length} rows)`}; routes: ${routes ? relative(process.cwd(), routes) : 'none'}`)
  for (const n of notes) stderr(`note: ${n}`)

  const progress = createProgress(io.progress ?? args.progress)
  const started = new Date()
  let report: Report
  try {
    // Training on a public set's rows takes a while (CLINC150's 15,000: about half a minute): say so.
    if (set.training) progress.update('train ', 0, 1)
    const built = await buildEvalDeps({ provider: args.provider, kb: kb?.path, intents, routes, training: set.training, env: io.env, onSeedProgress: (d, t) => progress.update('ingest', d, t) })
    try {
      const runs = await runCases(built.deps, cases, { runs: args.runs, onCase: (d, t) => progress.update('cases ', d, t) })
      const scored = runs.map(scoreCase)
      let judge
      if (args.judge) {
        const j = await createJudge(built.deps.config)
        if (!j) {
          notes.push('--judge skipped: no OPENAI_API_KEY configured')
          stderr(`note: ${notes.at(-1)}`)
        }
        else judge = await runJudge(j, scored, built.deps.config.OPENAI_CHAT_MODEL, (d, t) => progress.update('judge ', d, t))
      }
      progress.stop()
      report = buildReport({ dataset: relative(process.cwd(), dataset) || dataset, format: set.format, headline: HEADLINE[set.format], provider: args.provider, runs: args.runs, notes, cases: scored, judge, createdAt: started })
    } finally {
      await built.close()
    }
  } finally {
    progress.stop()
    await kb?.cleanup()
  }
  if (baseline) report = withBaseline(report, diffReports(report, baseline, args.baseline!))
  const outDir = args.out ?? resolve(ROOT, 'evals/out', timestamp(started))
  const files = await writeReport(outDir, report)
  return { report, files, exitCode: exitCodeFor(report.gate) }
}

/** --out is a folder the report can be written to: made now, so a bad path fails before the run, not after it. */
async function checkOutDir(dir: string): Promise<void> {
  const refused = (why: string) => new InputError(`--out ${dir}: cannot write the report there (${why})`)
  try {
    await makeDir(dir)
    if (!(await stat(dir)).isDirectory()) throw refused('a file, not a folder')
    await access(dir, constants.W_OK)
  } catch (err) {
    if (err instanceof InputError) throw err
    throw refused((err as NodeJS.ErrnoException).code ?? (err as Error).message)
  }
}

/** The CLI: returns the exit code (0 passed, 1 under the target, 2 bad usage or input). */
export async function main(argv: string[], io: MainIO = {}): Promise<number> {
  const stdout = io.stdout ?? ((t: string) => process.stdout.write(t + '\n'))
  const stderr = io.stderr ?? ((t: string) => process.stderr.write(t + '\n'))
  let args: EvalArgs
  try {
    args = parseEvalArgs(argv)
  } catch (err) {
    stderr(`${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    stdout(USAGE)
    return 0
  }
  try {
    const { report, files, exitCode } = await runEval(args, io)
    stdout(summaryTable(report))
    stderr(`wrote ${files.map((f) => relative(process.cwd(), f)).join(', ')}`)
    return exitCode
  } catch (err) {
    stderr(`eval failed: ${failure(err)}`)
    return 2
  }
}

/**
 * Bad input is the user's to fix and says where. A provider that refuses the key or cannot be reached
 * is the setup's: its cause, on one line (LangChain appends a troubleshooting link). Anything else is ours, with its stack.
 */
function failure(err: unknown): string {
  if (isInputError(err)) return err.message
  if (err instanceof ProviderError) return `the provider failed (${err.kind}${err.status ? `, HTTP ${err.status}` : ''}): ${err.message.split('\n')[0].trim()}`
  return (err as Error).stack ?? String(err)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}

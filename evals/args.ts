/** Command-line options of `npm run eval`. */
import { parseArgs } from 'node:util'
import { FORMATS } from './formats/index.js'
import type { Holdout } from './formats/holdout.js'
import type { FormatName } from './types.js'

export interface EvalArgs {
  dataset?: string
  kb?: string
  intents?: string
  routes?: string
  provider: 'local' | 'openai'
  runs: number
  out?: string
  baseline?: string
  format?: FormatName
  limit?: number
  /** Only the cases whose id matches. */
  only?: RegExp
  holdout?: Holdout
  judge: boolean
  progress: boolean
  help: boolean
}

export const USAGE = `Usage: npm run eval -- [--dataset <file>] [options]

  --dataset <file>      case file: Parley JSONL, or banking77 CSV, clinc150 JSON, doc2dial JSONL,
                        sentiment TSV/CSV, injection CSV/JSONL (default: evals/datasets/demo.jsonl with the
                        demo KB and intents)
  --format <name>       ${FORMATS.join('|')} (default: detected from the file)
  --kb <dir|file.jsonl> knowledge base to ingest (default: the demo KB for Parley case files, none otherwise)
  --intents <file>      intents file to train on (default: the set's own training rows for banking77/clinc150,
                        else the demo intents)
  --routes <file>       intent routes (default: the demo routes with the demo intents, else none)
  --provider local|openai
  --runs <k>            run every case k times; adds the consistency metric
  --limit <n>           score n cases spread evenly through the set
  --only <regex>        only the cases whose id matches (e.g. '^zh-', 'returns|refund')
  --holdout <share>     score a seeded stratified hold-out of a banking77/sentiment file (e.g. 0.2)
  --seed <n>            seed of the hold-out (default 77)
  --out <dir>           output folder (default: evals/out/<timestamp>/)
  --baseline <json>     an earlier report.json to compare with
  --judge               grade free-form answers with the LLM judge (needs OPENAI_API_KEY)
  --no-progress         no progress bar on stderr
`

const positiveInt = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`)
  return n
}

const OPTIONS = {
  dataset: { type: 'string' },
  kb: { type: 'string' },
  intents: { type: 'string' },
  routes: { type: 'string' },
  provider: { type: 'string', default: 'local' },
  runs: { type: 'string' },
  out: { type: 'string' },
  baseline: { type: 'string' },
  format: { type: 'string' },
  limit: { type: 'string' },
  only: { type: 'string' },
  holdout: { type: 'string' },
  seed: { type: 'string' },
  judge: { type: 'boolean', default: false },
  'no-progress': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

const NEGATIVE_NUMBER = /^-\.?\d/

/** parseArgs reads `--runs -1` as a value left out: joined as `--runs=-1`, the number gets its option's own check. */
function joinNegativeNumbers(argv: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (/^--[\w-]+$/.test(argv[i]) && NEGATIVE_NUMBER.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`)
    else out.push(argv[i])
  }
  return out
}

/** The options, with parseArgs's errors on one line (its "ambiguous" one spans three). */
function readArgs(argv: string[]) {
  try {
    return parseArgs({ args: joinNegativeNumbers(argv), strict: true, allowPositionals: false, options: OPTIONS })
  } catch (err) {
    const message = (err as Error).message
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)
    throw new Error(ambiguous ? `${ambiguous[1]} needs a value` : message.split('\n')[0])
  }
}

export function parseEvalArgs(argv: string[]): EvalArgs {
  const { values } = readArgs(argv)
  if (values.provider !== 'local' && values.provider !== 'openai') throw new Error('--provider must be local or openai')
  if (values.format !== undefined && !FORMATS.includes(values.format as FormatName)) throw new Error(`--format must be one of ${FORMATS.join(', ')}`)
  let only: RegExp | undefined
  if (values.only !== undefined) {
    try {
      only = new RegExp(values.only)
    } catch {
      throw new Error(`--only must be a regular expression: ${values.only}`)
    }
  }
  let holdout: Holdout | undefined
  if (values.holdout !== undefined) {
    const share = Number(values.holdout)
    if (!(share > 0 && share < 1)) throw new Error('--holdout must be a share between 0 and 1')
    const seed = values.seed === undefined ? 77 : Number(values.seed)
    if (!Number.isInteger(seed)) throw new Error('--seed must be an integer')
    holdout = { share, seed }
  } else if (values.seed !== undefined) throw new Error('--seed needs --holdout')
  return {
    dataset: values.dataset,
    kb: values.kb,
    intents: values.intents,
    routes: values.routes,
    provider: values.provider,
    runs: positiveInt('runs', values.runs) ?? 1,
    out: values.out,
    baseline: values.baseline,
    format: values.format as FormatName | undefined,
    limit: positiveInt('limit', values.limit),
    only,
    holdout,
    judge: values.judge,
    progress: !values['no-progress'],
    help: values.help,
  }
}

/** Case-file formats: detected from the file name and content unless `--format` names one. */
import { basename, extname } from 'node:path'
import type { HeadlineMetric } from '../report/gate.js'
import type { FormatName, LoadedSet } from '../types.js'
import { parseBanking77 } from './banking77.js'
import { isClinc150, parseClinc150 } from './clinc150.js'
import { isDoc2dialRow, parseDoc2dial } from './doc2dial.js'
import { hasPromptColumn, isInjectionRow, parseInjection } from './injection.js'
import type { Holdout } from './holdout.js'
import { parseParleyCases } from './parley.js'
import { looksLikeSentiment, parseSentiment } from './sentiment.js'
import { CsvError } from '../../src/text/csv.js'
import { InputError, readInput } from '../input-error.js'
import { withoutBom } from '../../src/json-lines.js'

export const FORMATS: FormatName[] = ['parley', 'banking77', 'clinc150', 'doc2dial', 'sentiment', 'injection']

/** The metric each format is gated on: answer accuracy where cases expect answers, else what the set measures. */
export const HEADLINE: Record<FormatName, HeadlineMetric> = {
  parley: 'answer_accuracy',
  doc2dial: 'answer_accuracy',
  banking77: 'intent_accuracy',
  clinc150: 'intent_accuracy',
  sentiment: 'sentiment_accuracy',
  injection: 'compliance_recall',
}

export interface LoadOptions {
  format?: FormatName
  /** An intents file is given, so the set's own rows are not used for training. */
  hasIntentsFile?: boolean
  holdout?: Holdout
}

export function detectFormat(fileName: string, source: string): FormatName {
  const text = withoutBom(source)
  const first = text.split('\n').find((l) => l.trim()) ?? ''
  if (first.trimStart().startsWith('{')) {
    // One JSON object per line, or a whole JSON document (CLINC150).
    try {
      const row = JSON.parse(first)
      if (isDoc2dialRow(row)) return 'doc2dial'
      if (row && typeof row === 'object' && 'expected' in row) return 'parley'
      if (isInjectionRow(row)) return 'injection'
    } catch {
      /* a multi-line JSON document */
    }
    try {
      if (isClinc150(JSON.parse(text))) return 'clinc150'
    } catch {
      /* not one JSON document either */
    }
    throw new InputError(`${basename(fileName)}: JSON that is neither a Parley case file, doc2dial rows, prompts nor CLINC150`)
  }
  const header = first.trim().toLowerCase()
  if (/^"?text"?,"?(category|intent)"?$/.test(header)) return 'banking77'
  if (looksLikeSentiment(text)) return 'sentiment'
  if (hasPromptColumn(header)) return 'injection'
  throw new InputError(`${basename(fileName)}: cannot tell the format; pass --format ${FORMATS.join('|')}`)
}

export function parseCases(fileName: string, source: string, opts: LoadOptions = {}): LoadedSet {
  if (!withoutBom(source).trim()) throw new InputError(`${basename(fileName)}: no cases in it (the file is empty)`)
  try {
    return parseAs(opts.format ?? detectFormat(fileName, source), fileName, source, opts)
  } catch (err) {
    // The format readers and the CSV reader know the line but not the file.
    const name = basename(fileName)
    if ((err instanceof InputError || err instanceof CsvError) && !err.message.startsWith(name)) throw new InputError(`${name}: ${err.message}`)
    throw err
  }
}

function parseAs(format: FormatName, fileName: string, source: string, opts: LoadOptions): LoadedSet {
  const name = basename(fileName, extname(fileName))
  switch (format) {
    case 'parley':
      return parseParleyCases(source, basename(fileName))
    case 'banking77':
      return parseBanking77(source, { holdout: opts.holdout, hasIntentsFile: !!opts.hasIntentsFile })
    case 'clinc150':
      return parseClinc150(source, { hasIntentsFile: !!opts.hasIntentsFile })
    case 'doc2dial':
      return parseDoc2dial(source)
    case 'sentiment':
      return parseSentiment(source, { holdout: opts.holdout, name })
    case 'injection':
      return parseInjection(source)
  }
}

export async function loadCases(path: string, opts: LoadOptions = {}): Promise<LoadedSet> {
  return parseCases(path, await readInput('--dataset', path), opts)
}

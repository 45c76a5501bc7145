/**
 * Readers for the public development datasets (scripts only: training and measurement).
 * The folder defaults to ../shared/datasets beside the project and can be set with PARLEY_DATASETS.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mulberry32, shuffleInPlace } from './random.js'
import { withoutBom } from '../../json-lines.js'

export function datasetsDir(): string {
  const projectRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)))
  return process.env.PARLEY_DATASETS ?? resolve(projectRoot, '../shared/datasets')
}

export function readDataset(...parts: string[]): string {
  return withoutBom(readFileSync(join(datasetsDir(), ...parts), 'utf8'))
}

import { parseCsv } from '../../text/csv.js'

export { parseCsv }

export interface Labelled<L> {
  text: string
  label: L
}

/** Seeded split keeping each label's share: `testShare` of every label goes to test. */
export function stratifiedSplit<L>(items: Labelled<L>[], testShare: number, seed: number) {
  const byLabel = new Map<L, Labelled<L>[]>()
  for (const it of items) {
    const list = byLabel.get(it.label) ?? []
    list.push(it)
    byLabel.set(it.label, list)
  }
  const rand = mulberry32(seed)
  const train: Labelled<L>[] = []
  const test: Labelled<L>[] = []
  for (const label of [...byLabel.keys()].sort()) {
    const list = shuffleInPlace([...byLabel.get(label)!], rand)
    const cut = Math.round(list.length * testShare)
    test.push(...list.slice(0, cut))
    train.push(...list.slice(cut))
  }
  return { train, test }
}

export function loadBanking77(): Labelled<string>[] {
  const [, ...rows] = parseCsv(readDataset('banking77', 'train.csv'))
  return rows.map(([text, label]) => ({ text, label }))
}

export function loadClinc150() {
  const data = JSON.parse(readDataset('clinc150', 'dev.json')) as Record<string, Array<[string, string]>>
  const to = (key: string) => data[key].map(([text, label]) => ({ text, label }))
  return { train: to('train'), val: to('val'), oosTrain: to('oos_train'), oosVal: to('oos_val') }
}

/** Binary sentiment rows: label 1 positive, 0 negative. */
export type Polarity = 0 | 1

export function loadSentimentEn() {
  const tab = (file: string) =>
    readDataset('sentiment_en', file)
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((p) => p.length >= 2 && /^[01]$/.test(p[p.length - 1].trim()))
      .map((p) => ({ text: p.slice(0, -1).join('\t').trim(), label: Number(p[p.length - 1].trim()) as Polarity }))
  const sst2 = readDataset('sentiment_en', 'sst2_train.tsv')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((p) => p.length === 2 && /^[01]$/.test(p[0]))
    .map(([label, text]) => ({ text: text.trim(), label: Number(label) as Polarity }))
  return { amazon: tab('amazon_cells_labelled.txt'), imdb: tab('imdb_labelled.txt'), sst2 }
}

export function loadSentimentZh() {
  const hotel = parseCsv(readDataset('sentiment_zh', 'ChnSentiCorp_htl_all.csv'))
    .slice(1)
    .filter((r) => /^[01]$/.test(r[0]) && r[1])
    .map(([label, text]) => ({ text, label: Number(label) as Polarity }))
  const shopping = parseCsv(readDataset('sentiment_zh', 'online_shopping_10_cats.csv'))
    .slice(1)
    .filter((r) => /^[01]$/.test(r[1]) && r[2])
    .map(([, label, text]) => ({ text: withoutBom(text), label: Number(label) as Polarity }))
  return { hotel, shopping }
}

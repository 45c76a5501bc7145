/**
 * Builds src/text/data/english-vocabulary.json, the word list the speller (spelling.ts) trusts:
 * lower-case English words with how often they occur in the public development corpora (reviews,
 * BANKING77 and CLINC150 training queries, the doc2dial help pages). A word seen fewer than
 * MIN_COUNT times is left out, so rare misspellings in those corpora do not become "words".
 *   npx tsx src/text/build-vocabulary.ts
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readDataset } from '../models/local/datasets.js'

const OUT = fileURLToPath(new URL('./data/english-vocabulary.json', import.meta.url))
const MIN_COUNT = 3

const SOURCES: Array<[string, () => string[]]> = [
  ['sentiment_en/sst2_train.tsv', () => readDataset('sentiment_en', 'sst2_train.tsv').split('\n')],
  ['sentiment_en/amazon_cells_labelled.txt', () => readDataset('sentiment_en', 'amazon_cells_labelled.txt').split('\n')],
  ['sentiment_en/imdb_labelled.txt', () => readDataset('sentiment_en', 'imdb_labelled.txt').split('\n')],
  ['banking77/train.csv', () => readDataset('banking77', 'train.csv').split('\n')],
  ['clinc150/dev.json (train rows)', () => (JSON.parse(readDataset('clinc150', 'dev.json')) as { train: Array<[string, string]> }).train.map(([text]) => text)],
  ['doc2dial/kb_docs.jsonl', () => readDataset('doc2dial', 'kb_docs.jsonl').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string; title: string }).title + '\n' + (JSON.parse(l) as { text: string }).text)],
]

const counts = new Map<string, number>()
for (const [, read] of SOURCES) {
  for (const text of read()) for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1)
}
const kept = [...counts].filter(([w, n]) => n >= MIN_COUNT && w.length >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
writeFileSync(
  OUT,
  JSON.stringify({
    description: `English words seen at least ${MIN_COUNT} times in the development corpora, with their counts (what the speller trusts)`,
    rebuild: 'npx tsx src/text/build-vocabulary.ts',
    sources: SOURCES.map(([name]) => `../shared/datasets/${name}`),
    words: Object.fromEntries(kept),
  }) + '\n',
)
console.log(`wrote ${OUT}: ${kept.length} words`)

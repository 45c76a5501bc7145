/**
 * The fixed, seeded train / held-out split of the sentiment datasets, shared by the training and
 * measurement scripts so reported figures are on rows the committed model never saw.
 * Amazon and IMDb cells are held out entirely: an out-of-domain check for an SST-2-trained model.
 */
import { loadSentimentEn, loadSentimentZh, stratifiedSplit, type Labelled, type Polarity } from './datasets.js'

const HOLD_OUT = 0.1
const SEED = 2024

export function sentimentSplits() {
  const en = loadSentimentEn()
  const zh = loadSentimentZh()
  const sst2 = stratifiedSplit(en.sst2, HOLD_OUT, SEED)
  const hotel = stratifiedSplit(zh.hotel, HOLD_OUT, SEED + 1)
  const shopping = stratifiedSplit(zh.shopping, HOLD_OUT, SEED + 2)
  const train: Labelled<Polarity>[] = [...sst2.train, ...hotel.train, ...shopping.train]
  const heldOut: Record<string, Labelled<Polarity>[]> = {
    'SST-2 (10% held out)': sst2.test,
    'Amazon cells (all, not trained on)': en.amazon,
    'IMDb cells (all, not trained on)': en.imdb,
    'ChnSentiCorp hotel (10% held out)': hotel.test,
    'Online shopping 10 cats (10% held out)': shopping.test,
  }
  return { train, heldOut }
}

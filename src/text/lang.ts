import type { Lang } from '../models/types.js'

const HAN = /\p{Script=Han}/gu
const LATIN = /\p{Script=Latin}/gu

/** Chinese when Han characters outnumber a third of the Latin letters: short Chinese text carries few characters. */
export function detectLang(text: string): Lang {
  const han = text.match(HAN)?.length ?? 0
  if (han === 0) return 'en'
  const latin = text.match(LATIN)?.length ?? 0
  return han * 3 >= latin ? 'zh' : 'en'
}

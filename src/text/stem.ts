/**
 * A light English suffix stripper (S-stemmer plus common derivational endings).
 * Deliberately conservative: it only needs to make "returns", "returned" and "returning" meet, and
 * "device", "devices".
 */
const RULES: Array<[RegExp, string]> = [
  [/ies$/, 'y'],
  [/([^aeious])s$/, '$1'],
  [/(ss|sh|ch|x|z)es$/, '$1'],
  // "devices", "phones", "takes", "values": the plural of a word ending in e loses only its s.
  [/([^aeio])es$/, '$1e'],
  [/ied$/, 'y'],
  [/([a-z]{3,})ing$/, '$1'],
  [/([a-z]{3,})ed$/, '$1'],
  [/([a-z]{3,})ly$/, '$1'],
  [/([a-z]{3,})ment$/, '$1'],
  [/([a-z]{3,})ation$/, '$1'],
]

export function stem(word: string): string {
  if (word.length <= 3) return word
  let w = word
  for (const [pattern, replacement] of RULES) {
    if (pattern.test(w)) {
      w = w.replace(pattern, replacement)
      break
    }
  }
  // "shipping" -> "shipp" -> "ship": undouble a final consonant left by -ing/-ed. A word that ends doubled
  // itself is undoubled too, so every form meets ("install", "installs", "installed", "installation" ->
  // "instal"); a stem of three letters keeps its pair ("add", "added", "adds").
  if (/([bdfgklmnprt])\1$/.test(w) && w.length > 3) w = w.slice(0, -1)
  // "refunde" never occurs but "charge"/"charged" -> "charg": drop a trailing e for agreement.
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1)
  return w
}

/**
 * JSON Lines as the project's files are read: a leading byte-order mark dropped (editors on Windows
 * save UTF-8 with one, which would hide the first row), blank lines skipped, each other line parsed.
 * A line that is not JSON stops the read with the caller's error, which names the file its own way.
 */
export function* jsonLines(source: string, notJson: (line: number) => Error): Generator<{ value: unknown; line: number }> {
  for (const [i, text] of withoutBom(source).split('\n').entries()) {
    if (!text.trim()) continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw notJson(i + 1)
    }
    yield { value, line: i + 1 }
  }
}

export const withoutBom = (text: string) => text.replace(/^\uFEFF/, '')

/** Where the clause holding a position starts and ends, given the characters that end a clause (they differ by use). */
export function clauseStart(text: string, at: number, end: RegExp): number {
  let from = at
  while (from > 0 && !end.test(text[from - 1])) from--
  return from
}

export function clauseEnd(text: string, at: number, end: RegExp): number {
  let to = at
  while (to < text.length && !end.test(text[to])) to++
  return to
}

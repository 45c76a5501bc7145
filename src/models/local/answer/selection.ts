/** The sentences an answer is made of so far, and how much of its length budget they fill. */
export class Selection<T extends { text: string }> {
  readonly items: T[] = []
  length = 0

  constructor(readonly budget: number) {}

  get size(): number {
    return this.items.length
  }

  has(item: T): boolean {
    return this.items.includes(item)
  }

  /** Whether the item still fits, in the budget times `scale` (a list may run longer than prose). */
  fits(item: T, scale = 1): boolean {
    return this.length + item.text.length <= this.budget * scale
  }

  add(item: T): void {
    this.items.push(item)
    this.length += item.text.length
  }

  remove(item: T): void {
    const at = this.items.indexOf(item)
    if (at < 0) return
    this.items.splice(at, 1)
    this.length -= item.text.length
  }

  /** Drops the item added last (the weakest support, as supports are added best first). */
  dropLast(): void {
    const last = this.items.pop()
    if (last) this.length -= last.text.length
  }
}

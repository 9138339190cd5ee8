/** Keys numbered 0, 1, 2 … in the order they are first met, for dense tables indexed by them. */
export class Numbering<K> {
  readonly keys: K[] = [];
  private readonly index = new Map<K, number>();

  /** The key's number, given it the first time. */
  of(key: K): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(key, i);
    }
    return i;
  }

  get size(): number {
    return this.keys.length;
  }
}

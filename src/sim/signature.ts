/**
 * A sequence of whole numbers written as something is described (a household's profile, say),
 * then hashed and compared whole: a key made without building a text, for tables met once per
 * household. Equal sequences, equal keys; the hash only finds the candidates to compare.
 */
export class Signature {
  private buf = new Float64Array(256);
  length = 0;

  reset(): void {
    this.length = 0;
  }

  /** Appends a whole number (an index, a month, an amount in fen). */
  push(x: number): void {
    if (this.length === this.buf.length) {
      const grown = new Float64Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = x;
  }

  /** Sets a number written earlier (at `at`, a length the sequence had). */
  set(at: number, x: number): void {
    this.buf[at] = x;
  }

  /** Whether another sequence holds the same numbers. */
  sameAs(other: Signature): boolean {
    return sameNumbers(this.buf, this.length, other.buf, other.length);
  }

  /** Appends another sequence's numbers. */
  appendAll(other: Signature): void {
    for (let i = 0; i < other.length; i++) this.push(other.buf[i]!);
  }

  /** Becomes a copy of another sequence. */
  assign(other: Signature): void {
    this.reset();
    this.appendAll(other);
  }

  hash(): number {
    return hashNumbers(this.buf, this.length);
  }

  equals(kept: Float64Array): boolean {
    return sameNumbers(this.buf, this.length, kept, kept.length);
  }

  copy(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}

/** FNV-1a over the low and high 32 bits of each of the first `n` whole numbers. */
export function hashNumbers(xs: ArrayLike<number>, n = xs.length): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    h = Math.imul(h ^ (x | 0), 0x01000193);
    h = Math.imul(h ^ ((x / 0x100000000) | 0), 0x01000193);
  }
  return h;
}

/** Values found by their signatures; signatures of one hash are told apart by comparing them whole. */
export class SignatureTable<T> {
  private readonly byHash = new Map<number, { readonly signature: Float64Array; readonly value: T }[]>();

  find(key: Signature | Float64Array): T | undefined {
    const alike = this.byHash.get(key instanceof Signature ? key.hash() : hashNumbers(key));
    if (alike === undefined) return undefined;
    for (const kept of alike) if (key instanceof Signature ? key.equals(kept.signature) : sameNumbers(key, key.length, kept.signature, kept.signature.length)) return kept.value;
    return undefined;
  }

  /** Keeps a value under a signature no value has yet (a copy: Signature.copy). */
  add(signature: Float64Array, value: T): void {
    const hash = hashNumbers(signature);
    const alike = this.byHash.get(hash);
    if (alike) alike.push({ signature, value });
    else this.byHash.set(hash, [{ signature, value }]);
  }

  clear(): void {
    this.byHash.clear();
  }
}

/** Whether the first `an` numbers of `a` are the first `bn` of `b`. */
function sameNumbers(a: Float64Array, an: number, b: Float64Array, bn: number): boolean {
  if (an !== bn) return false;
  for (let i = 0; i < an; i++) if (a[i] !== b[i]) return false;
  return true;
}

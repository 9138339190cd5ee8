/**
 * A set of 53-bit keys (the hashes household ids are kept as), each with a number that came
 * with it (the slice that first held it), in two typed arrays with open addressing: 12 bytes a
 * slot, at most half the slots full, so a million ids take 24 MB and no object each, where a
 * Set of numbers takes some 40 MB. A key says only that two ids may be equal: whoever finds a
 * key again compares the ids themselves.
 */
export class KeyTable {
  /** Each slot's key plus one (0: an empty slot; keys are below 2^53, so key + 1 is exact). */
  private keys: Float64Array;
  private values: Uint32Array;
  private bits: number;
  private count = 0;

  constructor(bits = 12) {
    this.bits = bits;
    this.keys = new Float64Array(1 << bits);
    this.values = new Uint32Array(1 << bits);
  }

  get size(): number {
    return this.count;
  }

  /** The number that came with `key`, or -1 when the key is not in the table. */
  get(key: number): number {
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & (this.keys.length - 1)) {
      const k = this.keys[slot]!;
      if (k === 0) return -1;
      if (k === key + 1) return this.values[slot]!;
    }
  }

  /** Adds `key` with `value` (a key not in the table: `get` says). */
  add(key: number, value: number): void {
    if (!Number.isSafeInteger(key) || key < 0 || !Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`a key table holds keys below 2^53 with values below 2^32 (${key}, ${value})`);
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    this.put(key, value);
    this.count++;
  }

  private put(key: number, value: number): void {
    let slot = this.slotOf(key);
    while (this.keys[slot] !== 0) slot = (slot + 1) & (this.keys.length - 1);
    this.keys[slot] = key + 1;
    this.values[slot] = value;
  }

  private grow(): void {
    const [keys, values] = [this.keys, this.values];
    this.bits++;
    this.keys = new Float64Array(1 << this.bits);
    this.values = new Uint32Array(1 << this.bits);
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== 0) this.put(keys[slot]! - 1, values[slot]!);
  }

  /** The first slot to look in: the key's high and low words mixed, its top bits. */
  private slotOf(key: number): number {
    const mixed = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x85ebca6b), 0x9e3779b1);
    return (mixed ^ (mixed >>> 15)) >>> (32 - this.bits);
  }
}

/**
 * A reusable open-addressing table from 32-bit feature hashes to summed weights. It lets the
 * built-in embedder total each exact feature over a text before damping it, without allocating
 * per feature; `clear` costs only the number of slots used.
 */
export class FeatureTable {
  private keys: Uint32Array;
  private values: Float64Array;
  private used: Uint32Array;
  private count = 0;

  /** @param capacity initial slot count, rounded up to a power of two; the table grows as needed. */
  constructor(capacity = 4096) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keys = new Uint32Array(size);
    this.values = new Float64Array(size);
    this.used = new Uint32Array(size);
  }

  /** Number of distinct features held. */
  get size(): number {
    return this.count;
  }

  /** Adds `weight` to the feature `hash` (any 32-bit integer). */
  add(hash: number, weight: number): void {
    // Key 0 marks an empty slot, so the one hash that maps to it is moved to 1.
    const key = hash >>> 0 || 1;
    const mask = this.keys.length - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const existing = this.keys[slot]!;
      if (existing === key) {
        this.values[slot]! += weight;
        return;
      }
      if (existing === 0) break;
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.values[slot] = weight;
    this.used[this.count++] = slot;
    if (this.count * 2 > this.keys.length) this.grow();
  }

  /** Calls `visit` once per distinct feature with its key and summed weight. */
  forEach(visit: (key: number, value: number) => void): void {
    for (let i = 0; i < this.count; i++) {
      const slot = this.used[i]!;
      visit(this.keys[slot]!, this.values[slot]!);
    }
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) {
      const slot = this.used[i]!;
      this.keys[slot] = 0;
      this.values[slot] = 0;
    }
    this.count = 0;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const oldUsed = this.used;
    const oldCount = this.count;
    const size = oldKeys.length * 2;
    this.keys = new Uint32Array(size);
    this.values = new Float64Array(size);
    this.used = new Uint32Array(size);
    this.count = 0;
    for (let i = 0; i < oldCount; i++) {
      const slot = oldUsed[i]!;
      this.add(oldKeys[slot]!, oldValues[slot]!);
    }
  }
}

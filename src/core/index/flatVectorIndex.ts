import { readFile, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import {
  assertFinite,
  byScore,
  exactSearch,
  normalize,
  type StoredLabels,
  type VectorHit,
  type VectorIndex,
  type VectorIndexSettings,
} from './vectorIndex';

/** File signature of a saved flat index (8 bytes). */
const MAGIC = 'QFLAT01\n';
/** Signature, then dimensions and count as little-endian uint32. */
const HEADER_BYTES = 16;
const MAX_LABEL = 0xffff_ffff;
const DEFAULT_INITIAL_CAPACITY = 1024;

/**
 * {@link VectorIndex} that compares the query with every stored vector: exact results, no build
 * cost, memory of exactly the vectors, and search time that grows linearly with the collection.
 * Removing a vector frees its slot at once, so nothing needs compacting.
 *
 * On disk: `QFLAT01\n`, dimensions and count (uint32), the labels (uint32 each), then the unit
 * vectors row by row (float32); little-endian throughout.
 *
 * @example
 * const index = new FlatVectorIndex(256);
 * index.add(0, vector);
 * index.search(query, 10); // [{ label: 0, score: 0.93 }]
 */
export class FlatVectorIndex implements VectorIndex {
  readonly dimensions: number;
  readonly settings: VectorIndexSettings = Object.freeze({ kind: 'flat' });
  /** Unit vectors, one row per slot; rows `0 .. count - 1` are in use. */
  private rows: Float32Array;
  private rowLabels: number[] = [];
  private readonly rowOf = new Map<number, number>();

  /**
   * @param dimensions length of every vector
   * @param options.initialCapacity rows allocated up front; the index doubles them when full
   */
  constructor(dimensions: number, options: { initialCapacity?: number } = {}) {
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new RangeError(`vector dimensions must be a positive integer, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.rows = new Float32Array(
      Math.max(1, options.initialCapacity ?? DEFAULT_INITIAL_CAPACITY) * dimensions,
    );
  }

  get size(): number {
    return this.rowLabels.length;
  }

  /** Always 0: a removed vector's slot is reused at once. */
  get deletedCount(): number {
    return 0;
  }

  get storedCount(): number {
    return this.rowLabels.length;
  }

  has(label: number): boolean {
    return this.rowOf.has(label);
  }

  labels(): number[] {
    return [...this.rowLabels];
  }

  deletedLabels(): number[] {
    return [];
  }

  reserve(capacity: number): void {
    const rows = Math.ceil(capacity);
    if (!(rows * this.dimensions > this.rows.length)) return;
    const grown = new Float32Array(rows * this.dimensions);
    grown.set(this.rows.subarray(0, this.rowLabels.length * this.dimensions));
    this.rows = grown;
  }

  add(label: number, vector: Float32Array | readonly number[]): void {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`vector has ${vector.length} dimensions, index expects ${this.dimensions}`);
    }
    if (!Number.isInteger(label) || label < 0 || label > MAX_LABEL) {
      throw new RangeError(`label must be an integer from 0 to ${MAX_LABEL}`);
    }
    assertFinite(vector);
    let row = this.rowOf.get(label);
    if (row === undefined) {
      row = this.rowLabels.length;
      if ((row + 1) * this.dimensions > this.rows.length) this.reserve(Math.max(1, row * 2));
      this.rowLabels.push(label);
      this.rowOf.set(label, row);
    }
    this.rows.set(normalize(vector), row * this.dimensions);
  }

  remove(label: number): void {
    const row = this.rowOf.get(label);
    if (row === undefined) return;
    // The last row moves into the freed one, so rows stay contiguous.
    const last = this.rowLabels.length - 1;
    if (row !== last) {
      const lastLabel = this.rowLabels[last]!;
      this.rows.copyWithin(row * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      this.rowLabels[row] = lastLabel;
      this.rowOf.set(lastLabel, row);
    }
    this.rowLabels.pop();
    this.rowOf.delete(label);
  }

  search(
    vector: Float32Array | readonly number[],
    k: number,
    filter?: (label: number) => boolean,
  ): VectorHit[] {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`query has ${vector.length} dimensions, index expects ${this.dimensions}`);
    }
    const wanted = Math.min(Math.floor(k), this.rowLabels.length);
    if (!(wanted > 0)) return [];
    const query = normalize(vector);
    const { dimensions, rows, rowLabels } = this;
    // The best `wanted` so far, kept sorted best first; most rows fall below the last one.
    const best: VectorHit[] = [];
    let floor = -Infinity;
    for (let row = 0, offset = 0; row < rowLabels.length; row += 1, offset += dimensions) {
      // Four partial sums: independent additions run in parallel on the CPU (about twice as fast).
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < dimensions; i += 4) {
        const at = offset + i;
        s0 += rows[at]! * query[i]!;
        s1 += rows[at + 1]! * query[i + 1]!;
        s2 += rows[at + 2]! * query[i + 2]!;
        s3 += rows[at + 3]! * query[i + 3]!;
      }
      for (; i < dimensions; i += 1) s0 += rows[offset + i]! * query[i]!;
      const score = s0 + s1 + s2 + s3;
      if (best.length === wanted && score < floor) continue;
      const label = rowLabels[row]!;
      // A tie with the last kept hit enters only with a lower label (see byScore).
      if (best.length === wanted && score === floor && label > best[wanted - 1]!.label) continue;
      if (filter && !filter(label)) continue;
      const hit = { label, score };
      let at = best.length;
      while (at > 0 && byScore(best[at - 1]!, hit) > 0) at -= 1;
      best.splice(at, 0, hit);
      if (best.length > wanted) best.pop();
      if (best.length === wanted) floor = best[wanted - 1]!.score;
    }
    return best;
  }

  searchExact(vector: Float32Array | readonly number[], k: number, labels: Iterable<number>): VectorHit[] {
    return exactSearch(this, vector, k, labels);
  }

  getVector(label: number): Float32Array | undefined {
    const row = this.rowOf.get(label);
    if (row === undefined) return undefined;
    return this.rows.slice(row * this.dimensions, (row + 1) * this.dimensions);
  }

  async save(path: string): Promise<void> {
    const count = this.rowLabels.length;
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(this.dimensions, 8);
    header.writeUInt32LE(count, 12);
    const labels = Buffer.from(Uint32Array.from(this.rowLabels).buffer);
    const vectors = Buffer.from(this.rows.buffer, this.rows.byteOffset, count * this.dimensions * 4);
    await writeFile(path, Buffer.concat([header, toLittleEndian(labels), toLittleEndian(vectors)]));
  }

  /** Reads an index written by {@link save}; throws when the file is not one or holds other dimensions. */
  static async load(path: string, dimensions: number): Promise<FlatVectorIndex> {
    return FlatVectorIndex.decode(await readFile(path), dimensions);
  }

  /** {@link load} from the file's bytes. */
  static decode(data: Buffer, dimensions: number): FlatVectorIndex {
    if (data.length < HEADER_BYTES || data.toString('latin1', 0, 8) !== MAGIC) {
      throw new Error('not a flat vector index file');
    }
    const stored = data.readUInt32LE(8);
    if (stored !== dimensions) throw new Error(`file has ${stored} dimensions, expected ${dimensions}`);
    const count = data.readUInt32LE(12);
    const expectedBytes = HEADER_BYTES + count * 4 + count * dimensions * 4;
    if (data.length !== expectedBytes) {
      throw new Error(`file has ${data.length} bytes, ${expectedBytes} expected for ${count} vectors`);
    }
    const labelBytes = fromLittleEndian(data.subarray(HEADER_BYTES, HEADER_BYTES + count * 4));
    const rowLabels = Array.from(new Uint32Array(labelBytes.buffer, labelBytes.byteOffset, count));
    const index = new FlatVectorIndex(dimensions, { initialCapacity: 1 });
    const vectorBytes = fromLittleEndian(data.subarray(HEADER_BYTES + count * 4));
    index.rows = new Float32Array(vectorBytes.buffer, vectorBytes.byteOffset, count * dimensions);
    index.rowLabels = rowLabels;
    rowLabels.forEach((label, row) => index.rowOf.set(label, row));
    if (index.rowOf.size !== count) throw new Error('file holds a label twice');
    return index;
  }

  /** Returns `index` when it holds exactly `labels.live` (a flat index keeps no removed labels); throws otherwise. */
  static checkLabels(index: FlatVectorIndex, labels: StoredLabels): FlatVectorIndex {
    const live = new Set(labels.live);
    if ([...labels.deleted].length > 0) throw new Error('a flat index keeps no removed labels');
    if (live.size !== index.size || index.rowLabels.some((label) => !live.has(label))) {
      throw new Error('file labels disagree with the passages');
    }
    return index;
  }
}

const bigEndian = endianness() === 'BE';

/** Typed arrays use the machine's byte order; the file is little-endian. */
function toLittleEndian(bytes: Buffer): Buffer {
  return bigEndian ? Buffer.from(bytes).swap32() : bytes;
}

/** A copy aligned for typed-array views (and byte-swapped on big-endian machines). */
function fromLittleEndian(bytes: Buffer): Buffer {
  // Never from Node's shared pool: the copy is viewed as a typed array and kept.
  const copy = Buffer.alloc(Math.max(4, bytes.length));
  bytes.copy(copy);
  return bigEndian ? copy.swap32() : copy;
}

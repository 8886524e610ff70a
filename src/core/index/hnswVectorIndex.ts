import { open } from 'node:fs/promises';
import { HierarchicalNSW } from 'hnswlib-node';
import {
  assertFinite,
  exactSearch,
  type HnswParams,
  type VectorHit,
  type VectorIndex,
  type VectorIndexSettings,
} from './vectorIndex';

export type { HnswParams } from './vectorIndex';

/** Options of {@link HnswVectorIndex}; every field has a default. */
export interface HnswOptions extends Partial<HnswParams> {
  /** Slots allocated up front; the index doubles its capacity when full. */
  initialCapacity?: number;
  /** Seed of hnswlib's level generator, so that builds are reproducible. */
  randomSeed?: number;
}

/**
 * Graph and search-list sizes for the built-in embedder's hashed vectors (the hardest case for
 * recall); the search list grows with the index from efSearch. Measurements in tools/eval/REPORT.md.
 */
export const DEFAULT_HNSW_PARAMS: Readonly<HnswParams> = Object.freeze({
  m: 16,
  efConstruction: 100,
  efSearch: 128,
});

/** The search list grows as `EF_PER_SQRT_SIZE * sqrt(live vectors)` above `efSearch` (633 at 100k). */
const EF_PER_SQRT_SIZE = 2;

const DEFAULT_INITIAL_CAPACITY = 1024;

/** Options of {@link HnswVectorIndex.load}. */
export interface LoadOptions extends Partial<HnswParams> {
  liveLabels?: Iterable<number>;
  deletedLabels?: Iterable<number>;
  /**
   * Labels among `deletedLabels` that the file does not mark yet (removed after it was written,
   * see `SegmentedVectorIndex`): they are marked deleted on loading.
   */
  markDeleted?: Iterable<number>;
}

/**
 * {@link VectorIndex} over hnswlib-node in cosine space. Scores are cosine similarities.
 *
 * hnswlib keeps deleted vectors in the graph (only marked), so {@link storedCount} grows
 * until the index is rebuilt (`rebuildVectorIndex`).
 *
 * @example
 * const index = new HnswVectorIndex(384);
 * index.add(0, vector);
 * index.search(query, 10); // [{ label: 0, score: 0.93 }]
 */
export class HnswVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private currentParams: Readonly<HnswParams>;
  private readonly native: HierarchicalNSW;
  private readonly live: LabelSet;
  private readonly deleted: Set<number>;
  /** The candidate list hnswlib currently holds (set lazily by `search`). */
  private nativeEf = 0;

  /**
   * @param dimensions length of every vector
   * @param options graph parameters and initial capacity (defaults: {@link DEFAULT_HNSW_PARAMS}, 1024 slots)
   */
  constructor(dimensions: number, options: HnswOptions = {}) {
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new RangeError(`vector dimensions must be a positive integer, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.currentParams = Object.freeze(resolveHnswParams(options));
    this.native = new HierarchicalNSW('cosine', dimensions);
    this.native.initIndex({
      maxElements: Math.max(1, options.initialCapacity ?? DEFAULT_INITIAL_CAPACITY),
      m: this.params.m,
      efConstruction: this.params.efConstruction,
      randomSeed: options.randomSeed ?? 100,
    });
    this.live = new LabelSet();
    this.deleted = new Set();
  }

  /** Graph parameters; `efSearch` reflects the latest {@link setEfSearch}. */
  get params(): Readonly<HnswParams> {
    return this.currentParams;
  }

  get settings(): VectorIndexSettings {
    const { m, efConstruction, efSearch } = this.currentParams;
    return { kind: 'hnsw', m, efConstruction, efSearch };
  }

  /** Number of live (searchable) vectors. */
  get size(): number {
    return this.live.size;
  }

  /** Number of labels marked deleted but still occupying the graph. */
  get deletedCount(): number {
    return this.deleted.size;
  }

  /** Vectors held by the graph, live and deleted. */
  get storedCount(): number {
    return this.native.getCurrentCount();
  }

  /** Slots allocated; grows automatically. */
  get capacity(): number {
    return this.native.getMaxElements();
  }

  /** Share of stored vectors that are deleted (0 when empty). */
  get deletedShare(): number {
    const stored = this.storedCount;
    return stored === 0 ? 0 : this.deleted.size / stored;
  }

  /** Whether `label` is live. */
  has(label: number): boolean {
    return this.live.has(label);
  }

  /** Whether `label` is stored but marked deleted. */
  hasDeleted(label: number): boolean {
    return this.deleted.has(label);
  }

  /** Labels marked deleted, ascending. */
  deletedLabels(): number[] {
    return [...this.deleted].sort((x, y) => x - y);
  }

  /** Live labels, in no particular order. */
  labels(): number[] {
    return [...this.live];
  }

  /** Makes room for at least `capacity` stored vectors without further resizing. */
  reserve(capacity: number): void {
    if (capacity > this.native.getMaxElements()) this.native.resizeIndex(capacity);
  }

  /**
   * Adds a vector, or replaces the vector of an existing label (a deleted label comes back
   * to life). The vector is normalised by hnswlib.
   */
  add(label: number, vector: Float32Array | readonly number[]): void {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`vector has ${vector.length} dimensions, index expects ${this.dimensions}`);
    }
    if (!Number.isInteger(label) || label < 0) throw new RangeError(`label must be a non-negative integer`);
    assertFinite(vector);
    const isNew = !this.live.has(label);
    if (isNew && this.native.getCurrentCount() >= this.native.getMaxElements()) {
      this.native.resizeIndex(Math.max(1, this.native.getMaxElements() * 2));
    }
    // hnswlib accepts plain arrays only.
    this.native.addPoint(Array.from(vector), label);
    if (isNew) {
      // Re-adding a label that was deleted unmarks it inside hnswlib.
      this.deleted.delete(label);
      this.live.add(label);
    }
  }

  /** Marks a label deleted; it is never returned again. Unknown labels are ignored. */
  remove(label: number): void {
    if (!this.live.has(label)) return;
    this.native.markDelete(label);
    this.live.delete(label);
    this.deleted.add(label);
  }

  /**
   * The `k` most similar live vectors, best first. Asking for more than exist returns fewer.
   * With a filter, hnswlib keeps exploring until it has `k` accepted labels (or runs out).
   */
  search(
    vector: Float32Array | readonly number[],
    k: number,
    filter?: (label: number) => boolean,
    /** Candidate list for this search only (default {@link effectiveEfSearch}), e.g. to trade recall against latency. */
    efSearch?: number,
  ): VectorHit[] {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`query has ${vector.length} dimensions, index expects ${this.dimensions}`);
    }
    if (k <= 0 || this.live.size === 0) return [];
    // hnswlib throws when k exceeds its capacity; more than the live count is pointless anyway.
    const wanted = Math.min(Math.floor(k), this.live.size, this.native.getMaxElements());
    const ef = Math.max(efSearch ?? this.effectiveEfSearch, wanted);
    if (ef !== this.nativeEf) {
      this.native.setEf(ef);
      this.nativeEf = ef;
    }
    // An exception thrown inside hnswlib's filter callback aborts the process (the addon is built
    // without C++ exceptions): the filter's first error rejects every later label and is thrown
    // once the search has returned.
    let failure: { error: unknown } | undefined;
    const guarded = filter
      ? (label: number): boolean => {
          if (failure) return false;
          try {
            return filter(label);
          } catch (error) {
            failure = { error };
            return false;
          }
        }
      : undefined;
    const result = guarded
      ? this.native.searchKnn(Array.from(vector), wanted, guarded)
      : this.native.searchKnn(Array.from(vector), wanted);
    if (failure) throw failure.error;
    const hits: VectorHit[] = [];
    for (let i = 0; i < result.neighbors.length; i += 1) {
      hits.push({ label: result.neighbors[i]!, score: 1 - result.distances[i]! });
    }
    return hits;
  }

  /** Exact cosine search restricted to the given labels (for small candidate sets). */
  searchExact(vector: Float32Array | readonly number[], k: number, labels: Iterable<number>): VectorHit[] {
    return exactSearch(this, vector, k, labels);
  }

  /** The stored (unit-length) vector of a live label, or `undefined`. */
  getVector(label: number): Float32Array | undefined {
    if (!this.live.has(label)) return undefined;
    return Float32Array.from(this.native.getPoint(label));
  }

  /** Changes the smallest search candidate list (`params.efSearch`; not persisted in the file). */
  setEfSearch(efSearch: number): void {
    this.currentParams = Object.freeze({ ...this.currentParams, efSearch });
  }

  /**
   * The candidate list a search uses: `params.efSearch`, or more for large indexes, since a fixed
   * list loses recall as the graph grows (0.999 at 1k but 0.81 at 100k with ef 128 on built-in vectors).
   */
  get effectiveEfSearch(): number {
    return Math.max(this.currentParams.efSearch, Math.ceil(EF_PER_SQRT_SIZE * Math.sqrt(this.live.size)));
  }

  /** Writes the graph to `path` (hnswlib's format; runs off the main thread). */
  async save(path: string): Promise<void> {
    await this.native.writeIndex(path);
  }

  /**
   * Reads an index written by {@link save}. hnswlib does not validate the graph and may crash on
   * damaged data: the file must be verified before the index is searched (and before it is read,
   * unless {@link graphHeaderAgrees}).
   *
   * @param options.liveLabels labels expected to be live; every other stored label must be a
   *   deleted one. With `deletedLabels` too, no scan of the graph is needed. Without either,
   *   liveness is probed label by label (slow at scale).
   */
  static async load(path: string, dimensions: number, options: LoadOptions = {}): Promise<HnswVectorIndex> {
    return HnswVectorIndex.fromGraph(await HnswVectorIndex.readGraph(path, dimensions), dimensions, options);
  }

  /** First half of {@link load}: reads the graph on a worker thread. */
  static async readGraph(path: string, dimensions: number): Promise<HierarchicalNSW> {
    const native = new HierarchicalNSW('cosine', dimensions);
    await native.readIndex(path);
    return native;
  }

  /** Second half of {@link load}: wraps a graph from {@link readGraph}; throws if the labels disagree. */
  static fromGraph(native: HierarchicalNSW, dimensions: number, options: LoadOptions = {}): HnswVectorIndex {
    if (native.getNumDimensions() !== dimensions) {
      throw new Error(`graph has ${native.getNumDimensions()} dimensions, expected ${dimensions}`);
    }
    const params = resolveHnswParams(options);
    const live = LabelSet.of(options.liveLabels ?? []);
    const deleted = new Set<number>(options.deletedLabels ?? []);
    if (options.liveLabels && options.deletedLabels) {
      if (native.getCurrentCount() !== live.size + deleted.size) {
        throw new Error(
          `graph holds ${native.getCurrentCount()} labels, expected ${live.size + deleted.size}`,
        );
      }
    } else if (options.liveLabels) {
      const stored = native.getIdsList();
      for (const label of stored) if (!live.has(label)) deleted.add(label);
      if (stored.length - deleted.size !== live.size) throw new Error(`graph lacks some expected labels`);
    } else {
      deleted.clear();
      for (const label of native.getIdsList()) {
        try {
          native.getPoint(label);
          live.add(label);
        } catch {
          // getPoint refuses labels marked deleted.
          deleted.add(label);
        }
      }
    }
    for (const label of options.markDeleted ?? []) {
      if (!deleted.has(label))
        throw new Error(`label ${label} is to be marked deleted but is not a deleted label`);
      native.markDelete(label);
    }
    const index = Object.create(HnswVectorIndex.prototype) as HnswVectorIndex;
    Object.assign(index, {
      dimensions,
      currentParams: Object.freeze(params),
      native,
      live,
      deleted,
      nativeEf: 0,
    });
    return index;
  }
}

/**
 * A set of non-negative integer labels as a bitmap: a million labels go in within milliseconds,
 * where a `Set` took 0.1–0.7 s of opening a million-passage index. Iterates in ascending order.
 */
class LabelSet {
  private bits = new Uint32Array(0);
  private count = 0;

  static of(labels: Iterable<number>): LabelSet {
    const set = new LabelSet();
    for (const label of labels) set.add(label);
    return set;
  }

  get size(): number {
    return this.count;
  }

  has(label: number): boolean {
    const word = label >>> 5;
    return word < this.bits.length && (this.bits[word]! & (1 << (label & 31))) !== 0;
  }

  add(label: number): void {
    const word = label >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2, 32));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (label & 31);
    if ((this.bits[word]! & bit) === 0) {
      this.bits[word]! |= bit;
      this.count += 1;
    }
  }

  delete(label: number): void {
    if (!this.has(label)) return;
    this.bits[label >>> 5]! &= ~(1 << (label & 31));
    this.count -= 1;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let word = 0; word < this.bits.length; word += 1) {
      let bits = this.bits[word]!;
      while (bits !== 0) {
        const low = bits & -bits;
        yield word * 32 + (31 - Math.clz32(low));
        bits ^= low;
      }
    }
  }
}

/** Fills unset graph parameters with {@link DEFAULT_HNSW_PARAMS}. */
export function resolveHnswParams(options: Partial<HnswParams>): HnswParams {
  return {
    m: options.m ?? DEFAULT_HNSW_PARAMS.m,
    efConstruction: options.efConstruction ?? DEFAULT_HNSW_PARAMS.efConstruction,
    efSearch: options.efSearch ?? DEFAULT_HNSW_PARAMS.efSearch,
  };
}

/** What a graph file must hold for {@link graphHeaderAgrees}: its generation's record of it. */
export interface ExpectedGraph {
  dimensions: number;
  m: number;
  efConstruction: number;
  /** Stored labels, live and deleted. */
  elements: number;
}

/** Bytes of hnswlib's header: six sizes, a level and an entry point, three sizes, a factor, a size. */
const GRAPH_HEADER_BYTES = 96;

/**
 * Whether a graph file's header (hnswlib's layout) is what a graph of these settings and this many
 * elements has, and the file is large enough for them. hnswlib sizes every allocation from these
 * fields and checks the file's layout against its size before it reads the body, so a file that
 * passes can be read before its checksum is verified (it is searched only after). The capacity may
 * be up to twice the elements (at least 1,024 slots), as the index doubles it when full. False
 * when unreadable.
 */
export async function graphHeaderAgrees(path: string, expected: ExpectedGraph): Promise<boolean> {
  let header: Buffer;
  let size: number;
  try {
    const file = await open(path, 'r');
    try {
      size = (await file.stat()).size;
      header = Buffer.alloc(GRAPH_HEADER_BYTES);
      const { bytesRead } = await file.read(header, 0, GRAPH_HEADER_BYTES, 0);
      if (bytesRead !== GRAPH_HEADER_BYTES) return false;
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
  const { dimensions, m, elements } = expected;
  // hnswlib keeps an efConstruction below m at m.
  const efConstruction = Math.max(expected.efConstruction, m);
  const sizeAt = (offset: number): number => Number(header.readBigUInt64LE(offset));
  const linksLevel0 = 2 * m * 4 + 4;
  const perElement = linksLevel0 + dimensions * 4 + 8;
  const capacity = sizeAt(8);
  return (
    sizeAt(0) === 0 && // level 0 offset
    // hnswlib reads every element into room for `capacity`.
    capacity >= elements &&
    capacity <= Math.max(2 * elements, DEFAULT_INITIAL_CAPACITY) &&
    sizeAt(16) === elements &&
    sizeAt(24) === perElement &&
    sizeAt(32) === linksLevel0 + dimensions * 4 && // label offset
    sizeAt(40) === linksLevel0 && // data offset
    sizeAt(56) === m && // maxM
    sizeAt(64) === 2 * m && // maxM0
    sizeAt(72) === m &&
    sizeAt(88) === efConstruction &&
    size >= GRAPH_HEADER_BYTES + elements * (perElement + 4)
  );
}

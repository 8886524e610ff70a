import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FileDigest } from './durableFs';
import { HnswVectorIndex } from './hnswVectorIndex';
import {
  byScore,
  exactSearch,
  type HnswParams,
  type VectorHit,
  type VectorIndex,
  type VectorIndexSettings,
} from './vectorIndex';

/** A base graph's file in a generation, unchanged since it was written, with its recorded size and checksum. */
export interface GraphSource {
  path: string;
  digest: FileDigest;
}

/** Options of {@link SegmentedVectorIndex.over}. */
export interface SegmentOptions {
  /** The vectors added since the base was written (default: none). */
  delta?: HnswVectorIndex;
  /** Labels removed from the base since its file was written: marked in memory, not in the file. */
  removedSinceWritten?: Iterable<number>;
}

/**
 * When the delta holds more than this share of the base's stored vectors, an update merges it into
 * the base (see {@link SegmentedVectorIndex.mergeIfLarger}). Searching the delta costs about as
 * much as searching a graph of its size; merging costs as much as inserting its vectors.
 */
export const DEFAULT_MAX_DELTA_SHARE = 0.1;

/**
 * An HNSW index in two segments, Lucene-style: a large base graph, written once and carried into
 * later generations unchanged (the store links its file instead of writing it again), and a small
 * delta graph with the vectors added since. A label removed from the base is only marked (and
 * listed in the generation's manifest), so an update that changes 1 % of the collection writes the
 * delta and a list of labels, not the whole graph. Searches ask both segments and merge the hits.
 *
 * A change to the base itself (a vector replaced, or the delta merged in) detaches it from its
 * file: the store then writes it whole, as it writes a plain {@link HnswVectorIndex}.
 *
 * @example
 * const index = SegmentedVectorIndex.over(base, { path, digest });
 * index.remove(7);        // marked in the base, listed in the manifest
 * index.add(9001, vector); // goes into the delta
 */
export class SegmentedVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private base: HnswVectorIndex;
  private delta: HnswVectorIndex;
  private source: GraphSource | undefined;
  private readonly removedSinceWritten: Set<number>;

  private constructor(
    base: HnswVectorIndex,
    delta: HnswVectorIndex,
    source: GraphSource | undefined,
    removedSinceWritten: Set<number>,
  ) {
    this.dimensions = base.dimensions;
    this.base = base;
    this.delta = delta;
    this.source = source;
    this.removedSinceWritten = removedSinceWritten;
  }

  /**
   * Segments over `base`, read from `source` (or `undefined` when it has no file of its own yet).
   * Throws when the delta's dimensions or graph parameters differ from the base's, or a label is
   * live in both.
   */
  static over(
    base: HnswVectorIndex,
    source: GraphSource | undefined,
    options: SegmentOptions = {},
  ): SegmentedVectorIndex {
    const delta = options.delta ?? emptyLike(base);
    if (delta.dimensions !== base.dimensions) {
      throw new Error(`delta graph has ${delta.dimensions} dimensions, base ${base.dimensions}`);
    }
    if (delta.params.m !== base.params.m || delta.params.efConstruction !== base.params.efConstruction) {
      throw new Error('delta graph was built with other graph parameters than its base');
    }
    for (const label of delta.labels()) {
      if (base.has(label)) throw new Error(`label ${label} is live in both segments`);
    }
    const removed = new Set(options.removedSinceWritten ?? []);
    for (const label of removed) {
      if (!base.hasDeleted(label))
        throw new Error(`label ${label} is listed as removed but is not deleted in the base`);
    }
    return new SegmentedVectorIndex(base, delta, source, removed);
  }

  get settings(): VectorIndexSettings {
    return this.base.settings;
  }

  get params(): Readonly<HnswParams> {
    return this.base.params;
  }

  get size(): number {
    return this.base.size + this.delta.size;
  }

  get deletedCount(): number {
    return this.base.deletedCount + this.delta.deletedCount;
  }

  get storedCount(): number {
    return this.base.storedCount + this.delta.storedCount;
  }

  /** The base's search list (the larger segment decides how long a search takes). */
  get effectiveEfSearch(): number {
    return this.base.effectiveEfSearch;
  }

  /**
   * What the store needs to write this index: the base, its file while it is unchanged, the labels
   * removed from it since, and the delta.
   */
  segments(): {
    base: HnswVectorIndex;
    source: GraphSource | undefined;
    removedSinceWritten: number[];
    delta: HnswVectorIndex;
  } {
    return {
      base: this.base,
      source: this.source,
      removedSinceWritten: [...this.removedSinceWritten].sort((a, b) => a - b),
      delta: this.delta,
    };
  }

  has(label: number): boolean {
    return this.base.has(label) || this.delta.has(label);
  }

  labels(): number[] {
    return [...this.base.labels(), ...this.delta.labels()];
  }

  deletedLabels(): number[] {
    return [...this.base.deletedLabels(), ...this.delta.deletedLabels()].sort((a, b) => a - b);
  }

  /**
   * A new label goes into the delta; a label the base holds (live or removed) is replaced there,
   * which detaches the base from its file.
   */
  add(label: number, vector: Float32Array | readonly number[]): void {
    if (this.base.has(label) || this.base.hasDeleted(label)) {
      this.base.add(label, vector);
      this.detach();
      return;
    }
    this.delta.add(label, vector);
  }

  remove(label: number): void {
    if (this.base.has(label)) {
      this.base.remove(label);
      if (this.source) this.removedSinceWritten.add(label);
    } else {
      this.delta.remove(label);
    }
  }

  /** Makes room in the delta for the vectors beyond what the base stores. */
  reserve(capacity: number): void {
    this.delta.reserve(capacity - this.base.storedCount);
  }

  search(
    vector: Float32Array | readonly number[],
    k: number,
    filter?: (label: number) => boolean,
    /** Candidate list of the base graph for this search only (see `HnswVectorIndex.search`). */
    efSearch?: number,
  ): VectorHit[] {
    const hits = this.base.search(vector, k, filter, efSearch);
    if (this.delta.size === 0) return hits;
    return [...hits, ...this.delta.search(vector, k, filter)]
      .sort(byScore)
      .slice(0, Math.max(0, Math.floor(k)));
  }

  searchExact(vector: Float32Array | readonly number[], k: number, labels: Iterable<number>): VectorHit[] {
    return exactSearch(this, vector, k, labels);
  }

  getVector(label: number): Float32Array | undefined {
    return this.base.getVector(label) ?? this.delta.getVector(label);
  }

  /** Changes the smallest search list of both segments (see `HnswVectorIndex.setEfSearch`). */
  setEfSearch(efSearch: number): void {
    this.base.setEfSearch(efSearch);
    this.delta.setEfSearch(efSearch);
  }

  /**
   * Merges the delta into the base when it stores more than `maxShare` of the base's vectors.
   * Resolves to whether it did. Yields to the event loop every `yieldEvery` inserts, as a bot may
   * be answering in the same process (from the generation before, not from this index).
   */
  async mergeIfLarger(
    maxShare: number = DEFAULT_MAX_DELTA_SHARE,
    options: { yieldEvery?: number; signal?: AbortSignal } = {},
  ): Promise<boolean> {
    if (this.delta.storedCount === 0 || this.delta.storedCount <= maxShare * this.base.storedCount)
      return false;
    await this.merge(options);
    return true;
  }

  /**
   * Moves the delta's live vectors into the base, which then no longer matches its file. Aborting
   * leaves the index as it was, with some of the delta's vectors in the base too: it is not to be
   * used then.
   */
  async merge(options: { yieldEvery?: number; signal?: AbortSignal } = {}): Promise<void> {
    const { yieldEvery = 500, signal } = options;
    const labels = this.delta.labels();
    this.detach();
    this.base.reserve(this.base.storedCount + labels.length);
    for (let i = 0; i < labels.length; i += 1) {
      this.base.add(labels[i]!, this.delta.getVector(labels[i]!)!);
      if ((i + 1) % yieldEvery === 0) {
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
    }
    this.delta = emptyLike(this.base);
  }

  /** Writes both segments as one graph (merging the delta first), for callers that want one file. */
  async save(path: string): Promise<void> {
    if (this.delta.storedCount > 0) await this.merge();
    await this.base.save(path);
  }

  private detach(): void {
    this.source = undefined;
    this.removedSinceWritten.clear();
  }
}

/** An empty graph with `base`'s dimensions and parameters. */
function emptyLike(base: HnswVectorIndex): HnswVectorIndex {
  return new HnswVectorIndex(base.dimensions, { ...base.params, initialCapacity: 1 });
}

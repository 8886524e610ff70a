/** A scored hit from a vector index. */
export interface VectorHit {
  label: number;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

/** Graph parameters of the HNSW index; `m` and `efConstruction` are fixed at build time. */
export interface HnswParams {
  /** Links per node. */
  m: number;
  /** Candidate list size while inserting (build quality vs. build time). */
  efConstruction: number;
  /**
   * Smallest candidate list while searching (recall vs. latency); can change after a load. Larger
   * indexes search with more (see `HnswVectorIndex.effectiveEfSearch`).
   */
  efSearch: number;
}

/**
 * Which vector index a generation holds, with its parameters; recorded in the manifest.
 * - `hnsw`: an approximate graph (hnswlib), fast at any size; the default.
 * - `flat`: every vector compared with the query, exact; for small collections (search time grows
 *   linearly with the collection: about 3 ms at 10,000 passages of 256 dimensions, 30 ms at 100,000).
 */
export type VectorIndexSettings = ({ kind: 'hnsw' } & HnswParams) | { kind: 'flat' };

/** The vector index kinds, for configuration. */
export const VECTOR_INDEX_KINDS = ['hnsw', 'flat'] as const;
export type VectorIndexKind = (typeof VECTOR_INDEX_KINDS)[number];

/**
 * Nearest-neighbour search over vectors with integer labels, cosine similarity. The index
 * normalises what it stores. What the indexer, the store and retrieval depend on; the HNSW graph
 * and the flat index implement it.
 */
export interface VectorIndex {
  readonly dimensions: number;
  /** Kind and parameters, as the manifest records them. */
  readonly settings: VectorIndexSettings;
  /** Number of live (searchable) vectors. */
  readonly size: number;
  /** Labels removed but still occupying storage until {@link rebuildVectorIndex} (0 for an index that frees at once). */
  readonly deletedCount: number;
  /** Vectors held, live and deleted. */
  readonly storedCount: number;
  /** Whether `label` is live. */
  has(label: number): boolean;
  /** Live labels, in no particular order. */
  labels(): number[];
  /** Labels removed but still stored, ascending. */
  deletedLabels(): number[];
  /** Adds a vector, or replaces the vector of a label already present. */
  add(label: number, vector: Float32Array | readonly number[]): void;
  /** Removes a label; it is never returned again. Unknown labels are ignored. */
  remove(label: number): void;
  /** Makes room for at least `capacity` stored vectors. */
  reserve(capacity: number): void;
  /** The `k` most similar live vectors, best first; with a filter, only labels it accepts. */
  search(
    vector: Float32Array | readonly number[],
    k: number,
    filter?: (label: number) => boolean,
  ): VectorHit[];
  /** Exact search among the given labels (unknown and removed ones are skipped). */
  searchExact(vector: Float32Array | readonly number[], k: number, labels: Iterable<number>): VectorHit[];
  /** The stored (unit-length) vector of a live label. */
  getVector(label: number): Float32Array | undefined;
  /** Writes the index to one file (see {@link vectorFileOf}). */
  save(path: string): Promise<void>;
}

/** Live and removed labels of a stored index, from its generation's manifest and passages. */
export interface StoredLabels {
  live: Iterable<number>;
  deleted: Iterable<number>;
  /** Deleted labels the file does not mark yet (see `SegmentedVectorIndex`); HNSW only. */
  markDeleted?: Iterable<number>;
}

/** The data file of a generation that holds its vectors. */
export type VectorFile = 'vectors.hnsw' | 'vectors.flat';

/** The file name an index of this kind is saved under. */
export function vectorFileOf(kind: VectorIndexKind): VectorFile {
  return kind === 'hnsw' ? 'vectors.hnsw' : 'vectors.flat';
}

/**
 * Whether an index built with `built` can take updates under `wanted` in place. Otherwise the
 * next update rebuilds it from its stored vectors (no re-embedding). HNSW's `efSearch` is a
 * search setting and changes without a rebuild.
 */
export function canUpdateInPlace(built: VectorIndexSettings, wanted: VectorIndexSettings): boolean {
  if (built.kind === 'flat' || wanted.kind === 'flat') return built.kind === wanted.kind;
  return built.m === wanted.m && built.efConstruction === wanted.efConstruction;
}

/** Exact cosine search among `labels`, over an index's stored vectors. */
export function exactSearch(
  index: Pick<VectorIndex, 'getVector'>,
  vector: Float32Array | readonly number[],
  k: number,
  labels: Iterable<number>,
): VectorHit[] {
  const query = normalize(vector);
  const hits: VectorHit[] = [];
  for (const label of labels) {
    const stored = index.getVector(label);
    if (!stored) continue;
    hits.push({ label, score: dot(stored, query) });
  }
  hits.sort(byScore);
  return hits.slice(0, Math.max(0, Math.floor(k)));
}

/** Throws for NaN or infinite components: they would rank first in every search. */
export function assertFinite(vector: Float32Array | readonly number[]): void {
  for (let i = 0; i < vector.length; i += 1) {
    if (!Number.isFinite(vector[i]!)) throw new RangeError(`vector component ${i} is not a finite number`);
  }
}

/** Best first; equal scores by label, so results are deterministic. */
export const byScore = (a: VectorHit, b: VectorHit): number => b.score - a.score || a.label - b.label;

/** A unit-length copy (the zero vector stays zero). */
export function normalize(vector: Float32Array | readonly number[]): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i += 1) norm += vector[i]! * vector[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(vector, (value) => value * scale);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

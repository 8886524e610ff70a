import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { FlatVectorIndex } from './flatVectorIndex';
import { HnswVectorIndex, resolveHnswParams } from './hnswVectorIndex';
import { SegmentedVectorIndex } from './segmentedVectorIndex';
import type {
  HnswParams,
  StoredLabels,
  VectorIndex,
  VectorIndexKind,
  VectorIndexSettings,
} from './vectorIndex';

/**
 * Settings of a kind with every parameter filled in: HNSW's from {@link DEFAULT_HNSW_PARAMS}
 * unless given.
 */
export function resolveVectorIndexSettings(
  kind: VectorIndexKind,
  hnsw: Partial<HnswParams> = {},
): VectorIndexSettings {
  return kind === 'flat' ? { kind: 'flat' } : { kind: 'hnsw', ...resolveHnswParams(hnsw) };
}

/** An empty index of the given kind with room for `capacity` vectors. */
export function createVectorIndex(
  settings: VectorIndexSettings,
  dimensions: number,
  capacity: number,
): VectorIndex {
  const initialCapacity = Math.max(1, capacity);
  if (settings.kind === 'flat') return new FlatVectorIndex(dimensions, { initialCapacity });
  const { m, efConstruction, efSearch } = settings;
  return new HnswVectorIndex(dimensions, { m, efConstruction, efSearch, initialCapacity });
}

/**
 * Whether a kind's file is read whole into memory: then its checksum is verified on the bytes
 * that are decoded (`readVectorIndex`'s `bytes`), instead of reading the file twice. HNSW's graph
 * is read by hnswlib itself, from the file.
 */
export function readsWholeFile(kind: VectorIndexKind): boolean {
  return kind === 'flat';
}

/**
 * Starts reading a saved index (HNSW reads on a worker thread) and returns, once read, a
 * function that checks it against the labels its generation expects and hands it out. hnswlib
 * trusts its input: the file must be verified before the index is handed out, and before it is
 * read unless its header agrees with the manifest (`graphHeaderAgrees`). `efSearch` overrides
 * the recorded one; `bytes` are the verified file, for a kind that {@link readsWholeFile}.
 */
export async function readVectorIndex(
  path: string,
  dimensions: number,
  settings: VectorIndexSettings,
  options: { efSearch?: number; bytes?: Buffer } = {},
): Promise<(labels: StoredLabels) => VectorIndex> {
  if (settings.kind === 'flat') {
    const index = options.bytes
      ? FlatVectorIndex.decode(options.bytes, dimensions)
      : await FlatVectorIndex.load(path, dimensions);
    return (labels) => FlatVectorIndex.checkLabels(index, labels);
  }
  const graph = await HnswVectorIndex.readGraph(path, dimensions);
  const { m, efConstruction } = settings;
  const efSearch = options.efSearch ?? settings.efSearch;
  return (labels) =>
    HnswVectorIndex.fromGraph(graph, dimensions, {
      m,
      efConstruction,
      efSearch,
      liveLabels: labels.live,
      deletedLabels: labels.deleted,
      ...(labels.markDeleted ? { markDeleted: labels.markDeleted } : {}),
    });
}

/** Applies the search-time parts of `settings` (HNSW's `efSearch`) to an index of the same kind. */
export function applySearchSettings(index: VectorIndex, settings: VectorIndexSettings): void {
  if (
    (index instanceof HnswVectorIndex || index instanceof SegmentedVectorIndex) &&
    settings.kind === 'hnsw'
  ) {
    index.setEfSearch(settings.efSearch);
  }
}

/**
 * A new index of `settings`' kind holding only `liveLabels` of `old`, from its stored vectors
 * (no re-embedding): compaction, or a change of kind or graph parameters. Yields to the event
 * loop every `yieldEvery` inserts, since a bot may be answering in the same process.
 */
export async function rebuildVectorIndex(
  old: VectorIndex,
  settings: VectorIndexSettings,
  liveLabels: Iterable<number>,
  options: { capacity?: number; yieldEvery?: number; signal?: AbortSignal } = {},
): Promise<VectorIndex> {
  const labels = [...liveLabels];
  const { yieldEvery = 500, signal } = options;
  const fresh = createVectorIndex(settings, old.dimensions, Math.max(options.capacity ?? 0, labels.length));
  for (let i = 0; i < labels.length; i += 1) {
    const label = labels[i]!;
    const vector = old.getVector(label);
    if (!vector) throw new Error(`label ${label} is not live in the source index`);
    fresh.add(label, vector);
    if ((i + 1) % yieldEvery === 0) {
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
  }
  return fresh;
}

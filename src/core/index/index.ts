/** The on-disk index: HNSW vectors, passage store, manifest, generations, lock, incremental indexer. */
export { IndexLoadError, IndexLockedError, type IndexLoadErrorCode, type LockHolder } from './errors';
export {
  DEFAULT_HNSW_PARAMS,
  HnswVectorIndex,
  resolveHnswParams,
  type HnswOptions,
  type HnswParams,
  type LoadOptions,
} from './hnsw-vector-index';
export { decodePassages, encodePassages } from './passage-codec';
export { LoadedIndex, type DenseSearchOptions, type StoredPassage } from './loaded-index';
export { acquireIndexLock, isProcessAlive, LOCK_FILE, type IndexLock, type LockOptions } from './lock';
export { SCHEMA_VERSION, type ExpectedIndex, type Manifest } from './manifest';
export {
  CURRENT_FILE,
  DEFAULT_INDEX_ROOT,
  IndexStore,
  type GenerationInput,
  type IndexStoreOptions,
  type StoreHooks,
} from './store';
export {
  Indexer,
  type IndexerOptions,
  type IndexProgress,
  type IndexSummary,
  type UpdateOptions,
} from './indexer';

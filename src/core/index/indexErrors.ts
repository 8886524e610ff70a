/** Why an on-disk index could not be loaded. */
export type IndexLoadErrorCode = 'missing' | 'corrupt' | 'mismatch' | 'schema';

/**
 * The index on disk cannot be used as is; the message is one line meant for operators,
 * e.g. "index was built with embedder builtin:hash-v4:d256 but builtin:hash-v4:d384 is configured".
 * Callers typically rebuild (see `Indexer`).
 */
export class IndexLoadError extends Error {
  override readonly name = 'IndexLoadError';

  constructor(
    readonly code: IndexLoadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Who holds the index lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO timestamp. */
  startedAt: string;
  /** What the holder is doing, e.g. "quellen index". */
  by: string;
}

/** Another live process is writing the index. */
export class IndexLockedError extends Error {
  override readonly name = 'IndexLockedError';

  constructor(readonly holder: LockHolder) {
    super(
      `index is locked by ${holder.by} (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})`,
    );
  }
}

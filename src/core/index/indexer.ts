import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Article, ChunkingOptions, Embedder, Passage, SkippedFile } from '../types';
import { withFileStamp } from '../fileStamp';
import { IndexLoadError } from './indexErrors';
import { canUpdateInPlace, type HnswParams, type VectorIndex, type VectorIndexKind } from './vectorIndex';
import {
  applySearchSettings,
  createVectorIndex,
  rebuildVectorIndex,
  resolveVectorIndexSettings,
} from './vectorIndexKinds';
import { LoadedIndex, PassageTable, type StoredPassage } from './loadedIndex';
import { DEFAULT_MAX_DELTA_SHARE, SegmentedVectorIndex } from './segmentedVectorIndex';
import { storedTextLength } from './articleCodec';
import type { IndexStore } from './store';

/** Dependencies and settings of an {@link Indexer}. */
export interface IndexerOptions {
  store: IndexStore;
  embedder: Embedder;
  /** Splits an article into passages; `passage.text` must equal `article.text.slice(start, end)`. */
  chunk: (article: Article) => Passage[];
  /** The settings `chunk` uses; recorded in the manifest, a change forces a rebuild. */
  chunking: ChunkingOptions;
  /** Passages per `embedPassages` call (default 32). */
  batchSize?: number;
  /** Rebuild the graph once this share of stored vectors is deleted (default 0.25). */
  compactThreshold?: number;
  /**
   * An update adds its vectors to a small delta graph beside the base graph, whose file the next
   * generation keeps; once the delta holds more than this share of the base's vectors, it is merged
   * into the base, which is then written whole (default `DEFAULT_MAX_DELTA_SHARE`, 0.1; 0 merges on
   * every update). Concerns the graph only: texts have a share of their own (`encodeArticles`).
   */
  maxDeltaShare?: number;
  /** The vector index to build (default `hnsw`); an index of another kind is rebuilt from its vectors. */
  vectorIndex?: VectorIndexKind;
  /** Graph parameters when `vectorIndex` is `hnsw` (defaults: `DEFAULT_HNSW_PARAMS`). */
  hnsw?: Partial<HnswParams>;
  /** Shown to whoever finds the index locked (default "quellen indexer"). */
  lockedBy?: string;
  now?: () => Date;
}

/** Progress of {@link Indexer.update}; `done`/`total` count passages (embedding) or steps (writing). */
export interface IndexProgress {
  /** `embedding` (passages embedded and added to the graph), then `writing` the generation. */
  phase: 'embedding' | 'writing';
  done: number;
  total: number;
}

/** Options of one {@link Indexer.update} run. */
export interface UpdateOptions {
  /** Re-embed everything, ignoring the current generation. */
  full?: boolean;
  onProgress?: (event: IndexProgress) => void;
  /** Aborting leaves the current generation untouched. */
  signal?: AbortSignal;
  /**
   * Called with the generation just written, built from what was written rather than read back:
   * the caller can serve it at once instead of loading it from disk (about 1.5 s at 100k
   * passages). The update no longer touches it.
   */
  onWritten?: (index: LoadedIndex) => void;
}

/** The articles an update brings the index in line with, and the files that could not be read. */
export interface UpdateInput {
  articles: readonly Article[];
  skipped: readonly SkippedFile[];
}

/** Reads the {@link UpdateInput}; see {@link Indexer.update} for `known`. */
export type ReadUpdateInput = (known: ReadonlyMap<string, Article> | undefined) => Promise<UpdateInput>;

/** What one {@link Indexer.update} did. */
export interface IndexSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  skipped: SkippedFile[];
  /**
   * Paths of `skipped` whose article was indexed before this run and is now removed (the file
   * changed into one that cannot be read, e.g. re-saved in another encoding); absent when none.
   */
  unreadable?: string[];
  /** Live passages in the index after the run. */
  passages: number;
  /** Passages sent to the embedder in this run. */
  embeddedPassages: number;
  /** Labels marked deleted but still stored in the graph after the run. */
  deletedLabels: number;
  /** Whether the graph was rebuilt from stored vectors. */
  compacted: boolean;
  /** Why everything was re-embedded, when it was (one line for operators, in English). */
  rebuildReason?: string;
  /** Whether there was no index before this run: a first build, which needs no reason told. */
  firstBuild?: boolean;
  /** Whether a new generation was written (false when nothing changed). */
  written: boolean;
  /** The live generation after the run. */
  generation?: string;
  durationMs: number;
  timings: { embeddingMs: number; insertingMs: number; writingMs: number };
}

const DEFAULT_BATCH_SIZE = 32;
const DEFAULT_COMPACT_THRESHOLD = 0.25;

/**
 * Brings the on-disk index in line with a set of articles, re-embedding only new and
 * changed ones. Embedding yields to the event loop between batches, so a bot in the same
 * process keeps answering from its previous {@link LoadedIndex} meanwhile.
 *
 * @example
 * const indexer = new Indexer({ store, embedder, chunk, chunking });
 * const summary = await indexer.update(await source.readAll(), { onProgress: console.log });
 */
export class Indexer {
  private readonly options: IndexerOptions;
  private readonly batchSize: number;
  private readonly compactThreshold: number;
  private readonly maxDeltaShare: number;
  private readonly now: () => Date;

  constructor(options: IndexerOptions) {
    this.options = options;
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.compactThreshold = options.compactThreshold ?? DEFAULT_COMPACT_THRESHOLD;
    this.maxDeltaShare = options.maxDeltaShare ?? DEFAULT_MAX_DELTA_SHARE;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs one incremental update under the index lock. `input` is the articles, or a function that
   * reads them once the live generation is loaded: it is handed that generation's articles when
   * the update keeps their passages (a file with the same bytes is that article, no need to parse
   * it), and nothing when the update rebuilds (full, or the generation unusable), where every file
   * is to be read anew.
   *
   * @throws IndexLockedError when another live process holds the lock
   */
  async update(input: UpdateInput | ReadUpdateInput, options: UpdateOptions = {}): Promise<IndexSummary> {
    const started = this.now().getTime();
    const lock = await this.options.store.lock(this.options.lockedBy ?? 'quellen indexer');
    try {
      return await this.run(input, options, started);
    } finally {
      await lock.release();
    }
  }

  private async run(
    source: UpdateInput | ReadUpdateInput,
    options: UpdateOptions,
    started: number,
  ): Promise<IndexSummary> {
    const { store, embedder } = this.options;
    const timings = { embeddingMs: 0, insertingMs: 0, writingMs: 0 };
    const { previous, rebuildReason, firstBuild } = await this.loadPrevious(options.full === true);
    const input = typeof source === 'function' ? await source(previous?.articles) : source;
    options.signal?.throwIfAborted();

    const articles = uniqueById(input.articles);
    const skipped = [...input.skipped, ...articles.duplicates];
    const oldHashes = new Map(Object.entries(previous?.manifest.articles ?? {}));
    const fresh: Article[] = [];
    let added = 0;
    let changed = 0;
    for (const article of articles.list) {
      const oldHash = oldHashes.get(article.id);
      if (oldHash === undefined) added += 1;
      else if (oldHash !== article.contentHash) changed += 1;
      else continue;
      fresh.push(article);
    }
    const keptIds = new Set(articles.list.map((article) => article.id));
    const removedIds = [...oldHashes.keys()].filter((id) => !keptIds.has(id));
    const unchanged = articles.list.length - fresh.length;
    const settings = resolveVectorIndexSettings(this.options.vectorIndex ?? 'hnsw', this.options.hnsw);
    const paramsChanged = previous !== undefined && !canUpdateInPlace(previous.vectors.settings, settings);
    const skippedChanged =
      previous !== undefined && JSON.stringify(previous.manifest.skipped) !== JSON.stringify(skipped);

    const summary = (fields: Partial<IndexSummary> & Pick<IndexSummary, 'passages' | 'deletedLabels'>) => ({
      added,
      changed,
      removed: removedIds.length,
      unchanged,
      skipped,
      ...unreadableRemoved(removedIds, skipped),
      embeddedPassages: 0,
      compacted: false,
      written: false,
      ...(rebuildReason ? { rebuildReason } : {}),
      ...(firstBuild ? { firstBuild } : {}),
      durationMs: this.now().getTime() - started,
      timings,
      ...fields,
    });

    if (previous && fresh.length === 0 && removedIds.length === 0 && !paramsChanged && !skippedChanged) {
      return summary({
        passages: previous.passageCount,
        deletedLabels: previous.vectors.deletedCount,
        generation: previous.generation,
      });
    }

    // Passages of unchanged articles keep their labels and vectors. So do the passages of a
    // changed article whose text is the same as before: an edit usually touches one paragraph,
    // and a vector depends on nothing but its passage's text.
    const replaced = new Set([...removedIds, ...fresh.map((article) => article.id)]);
    const freshIds = new Set(fresh.map((article) => article.id));
    const keptPassages: StoredPassage[] = [];
    const dropLabels: number[] = [];
    const reusable = new Map<string, number[]>();
    if (previous) {
      for (const passage of previous.storedPassages()) {
        if (!replaced.has(passage.articleId)) {
          keptPassages.push(passage);
          continue;
        }
        const text = freshIds.has(passage.articleId)
          ? previous.articles.get(passage.articleId)?.text.slice(passage.start, passage.end)
          : undefined;
        if (text === undefined) {
          dropLabels.push(passage.label);
          continue;
        }
        const key = reuseKey(passage.articleId, text);
        const labels = reusable.get(key);
        if (labels) labels.push(passage.label);
        else reusable.set(key, [passage.label]);
      }
    }
    let nextLabel = previous?.manifest.nextLabel ?? 0;
    // The changed and added articles' passages in order; those with new text are embedded.
    const freshPassages: StoredPassage[] = [];
    const reusedPassages: StoredPassage[] = [];
    const newPassages: StoredPassage[] = [];
    const texts: string[] = [];
    for (const article of fresh) {
      for (const passage of this.chunkChecked(article)) {
        const reused = reusable.get(reuseKey(article.id, passage.text))?.shift();
        if (reused !== undefined) {
          const stored = toStored(passage, reused);
          freshPassages.push(stored);
          reusedPassages.push(stored);
          continue;
        }
        const stored = toStored(passage, nextLabel);
        freshPassages.push(stored);
        newPassages.push(stored);
        texts.push(passage.text);
        nextLabel += 1;
      }
    }
    for (const labels of reusable.values()) dropLabels.push(...labels);

    // Compact before inserting when the result would pass the threshold anyway: fewer vectors to copy.
    let vectors: VectorIndex;
    let compacted = false;
    const insertStarted = this.now().getTime();
    if (!previous) {
      vectors = createVectorIndex(settings, embedder.dimensions, newPassages.length);
    } else {
      vectors = previous.vectors;
      applySearchSettings(vectors, settings);
      for (const label of dropLabels) vectors.remove(label);
      const stored = vectors.storedCount + newPassages.length;
      if (paramsChanged || (stored > 0 && vectors.deletedCount / stored > this.compactThreshold)) {
        vectors = await rebuildVectorIndex(
          vectors,
          settings,
          [...keptPassages, ...reusedPassages].map((passage) => passage.label),
          {
            capacity: keptPassages.length + freshPassages.length,
            ...(options.signal ? { signal: options.signal } : {}),
          },
        );
        compacted = true;
      } else {
        vectors.reserve(stored);
      }
    }
    timings.insertingMs += this.now().getTime() - insertStarted;

    await this.embedAndInsert(texts, newPassages, vectors, timings, options);
    if (vectors instanceof SegmentedVectorIndex) {
      const mergeStarted = this.now().getTime();
      const merged = await vectors.mergeIfLarger(this.maxDeltaShare, {
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (merged) timings.insertingMs += this.now().getTime() - mergeStarted;
    }

    const writeStarted = this.now().getTime();
    options.signal?.throwIfAborted();
    const passages = [...keptPassages, ...freshPassages];
    // An article with unchanged bytes keeps its passages, so it keeps the text they were cut from:
    // a parser of another release may read the same bytes into another text.
    // It takes the stamp of the file as just read, so the next update can skip the file again.
    const written = articles.list.map((article) =>
      previous && oldHashes.get(article.id) === article.contentHash
        ? withFileStamp(previous.articles.get(article.id) ?? article, article.file)
        : article,
    );
    const manifest = await store.write(
      {
        embedder: { id: embedder.id, dimensions: embedder.dimensions },
        chunking: this.options.chunking,
        articles: written,
        passages,
        vectors,
        nextLabel,
        skipped,
        ...(previous ? { carriedOverFrom: previous.generation } : {}),
        ...(previous?.texts ? { texts: previous.texts } : {}),
      },
      { onProgress: (done, total) => options.onProgress?.({ phase: 'writing', done, total }) },
    );
    timings.writingMs = this.now().getTime() - writeStarted;
    if (options.onWritten) {
      const byId = new Map(written.map((article) => [article.id, article]));
      // Stored lengths: an unchanged article's text is not decoded to check its passages.
      const textLengthOf = (id: string): number | undefined => {
        const article = byId.get(id);
        return article && storedTextLength(article);
      };
      options.onWritten(
        new LoadedIndex(manifest, byId, PassageTable.fromRecords(byId, passages, textLengthOf), vectors),
      );
    }
    return summary({
      passages: manifest.counts.passages,
      deletedLabels: manifest.counts.deleted,
      embeddedPassages: newPassages.length,
      compacted,
      written: true,
      generation: manifest.generation,
    });
  }

  private async embedAndInsert(
    texts: readonly string[],
    passages: readonly StoredPassage[],
    vectors: VectorIndex,
    timings: IndexSummary['timings'],
    options: UpdateOptions,
  ): Promise<void> {
    const { embedder } = this.options;
    const total = texts.length;
    for (let from = 0; from < total; from += this.batchSize) {
      options.signal?.throwIfAborted();
      const to = Math.min(total, from + this.batchSize);
      const embedStarted = this.now().getTime();
      const embedded = await embedder.embedPassages(texts.slice(from, to));
      timings.embeddingMs += this.now().getTime() - embedStarted;
      if (embedded.length !== to - from) {
        throw new Error(`embedder ${embedder.id} returned ${embedded.length} vectors for ${to - from} texts`);
      }
      const insertStarted = this.now().getTime();
      for (let i = from; i < to; i += 1) vectors.add(passages[i]!.label, embedded[i - from]!);
      timings.insertingMs += this.now().getTime() - insertStarted;
      // One stage per batch for the user: embedding and inserting alternate batch by batch.
      options.onProgress?.({ phase: 'embedding', done: to, total });
      // A fake or cached embedder may resolve at once; let queued queries run regardless.
      await yieldToEventLoop();
    }
  }

  private async loadPrevious(
    full: boolean,
  ): Promise<{ previous?: LoadedIndex; rebuildReason?: string; firstBuild?: boolean }> {
    const { embedder, chunking, store } = this.options;
    // No generation at all: a first build. A generation missing its files is not one.
    const none = async (): Promise<boolean> =>
      (await store.currentGeneration().catch(() => undefined)) === undefined;
    if (full)
      return { rebuildReason: 'full rebuild requested', ...((await none()) ? { firstBuild: true } : {}) };
    try {
      const previous = await store.load({
        embedderId: embedder.id,
        dimensions: embedder.dimensions,
        chunking,
      });
      return { previous };
    } catch (error) {
      if (!(error instanceof IndexLoadError)) throw error;
      const firstBuild = error.code === 'missing' && (await none());
      return { rebuildReason: `${error.message}; rebuilding`, ...(firstBuild ? { firstBuild } : {}) };
    }
  }

  private chunkChecked(article: Article): Passage[] {
    const passages = this.options.chunk(article);
    for (const passage of passages) {
      if (
        passage.articleId !== article.id ||
        passage.text !== article.text.slice(passage.start, passage.end)
      ) {
        throw new Error(
          `chunker produced passage ${passage.id} that is not a slice of article ${article.id}`,
        );
      }
    }
    return passages;
  }
}

/** What a changed article's passage is matched by to an old one whose vector it can keep. */
function reuseKey(articleId: string, text: string): string {
  return `${articleId}\u0000${text}`;
}

function toStored(passage: Passage, label: number): StoredPassage {
  const { text: _text, ...fields } = passage;
  return { ...fields, label };
}

/** The skipped paths that name a removed article (see {@link IndexSummary.unreadable}). */
export function unreadableRemoved(
  removedIds: readonly string[],
  skipped: readonly SkippedFile[],
): Pick<IndexSummary, 'unreadable'> {
  const removed = new Set(removedIds);
  const unreadable = skipped.filter((file) => removed.has(file.path)).map((file) => file.path);
  return unreadable.length > 0 ? { unreadable } : {};
}

function uniqueById(articles: readonly Article[]): { list: Article[]; duplicates: SkippedFile[] } {
  const seen = new Set<string>();
  const list: Article[] = [];
  const duplicates: SkippedFile[] = [];
  for (const article of articles) {
    if (seen.has(article.id)) duplicates.push({ path: article.id, reason: 'duplicate article id' });
    else {
      seen.add(article.id);
      list.push(article);
    }
  }
  return { list, duplicates };
}

import { UserError } from '../errors';
import type { Logger } from '../logger';
import { InProcessSearchIndex } from '../retrieval/inProcessSearchIndex';
import {
  lexicalFromPreviousGeneration,
  nextLexicalIndex,
  readLexicalCache,
  writeLexicalCache,
} from '../retrieval/lexicalCache';
import type { PostingsLexicalIndex } from '../retrieval/postingsLexicalIndex';
import type { SearchIndex } from '../retrieval/searchIndex';
import { lexicalVocabulary } from '../retrieval/translate/vocabularyLookup';
import { prepareAnalysis } from '../text/analysis';
import type { ChunkingOptions, Embedder, Passage, SkippedFile } from '../types';
import {
  type BackendUpdateOptions,
  type IndexBackend,
  type OrdinalRange,
  type ServedIndex,
  type VocabularyLookup,
  catalogueEntryOf,
} from './backend';
import { MemoryCatalogue } from './catalogue';
import { IndexLockedError } from './indexErrors';
import type { Indexer, IndexSummary, ReadUpdateInput } from './indexer';
import type { LoadedIndex } from './loadedIndex';
import type { IndexStore } from './store';
import { unrelatedSimilarityOf } from './unrelatedSimilarity';

/** A generation loaded into this process: its vectors, passages, articles and lexical index. */
export class EmbeddedServedIndex implements ServedIndex {
  readonly search: SearchIndex;
  readonly vocabulary: VocabularyLookup;
  private entries: MemoryCatalogue | undefined;

  constructor(
    readonly index: LoadedIndex,
    readonly lexical: PostingsLexicalIndex,
  ) {
    this.search = new InProcessSearchIndex({
      dense: index,
      lexical,
      passageById: (id) => index.passageById(id),
      article: (id) => index.articles.get(id),
    });
    this.vocabulary = lexicalVocabulary(lexical);
  }

  get generation(): string {
    return this.index.generation;
  }

  get catalogue(): MemoryCatalogue {
    this.entries ??= new MemoryCatalogue(
      [...this.index.articles.values()].map((article) =>
        catalogueEntryOf(article, this.index.passageCountOf(article.id)),
      ),
    );
    return this.entries;
  }

  get articleCount(): number {
    return this.index.articles.size;
  }

  get passageCount(): number {
    return this.index.passageCount;
  }

  async passagesOf(articleId: string, ordinals?: OrdinalRange): Promise<Passage[]> {
    return [...this.index.passagesOf(articleId, ordinals)];
  }

  unrelatedSimilarity(): number | undefined {
    return unrelatedSimilarityOf(this.index);
  }

  get builtAt(): string {
    return this.index.manifest.builtAt;
  }

  get vectorIndex(): string {
    return this.index.manifest.vectorIndex.kind;
  }

  get skipped(): readonly SkippedFile[] {
    return this.index.manifest.skipped;
  }
}

/** Settings of the {@link EmbeddedBackend}. */
export interface EmbeddedBackendOptions {
  store: IndexStore;
  indexer: Indexer;
  embedder: Embedder;
  chunking: ChunkingOptions;
  logger: Logger;
}

/**
 * The index in files beside the bot (`INDEX_DIR`), loaded into each process: the default, for a
 * collection one machine holds. Only this process's indexer writes it; the lexical index is
 * cached beside each generation.
 */
export class EmbeddedBackend implements IndexBackend {
  readonly kind = 'embedded';
  readonly location: string;
  /** Background writes of lexical caches, so callers can wait for a settled index folder. */
  private readonly cacheWrites = new Set<Promise<void>>();

  constructor(private readonly options: EmbeddedBackendOptions) {
    this.location = options.store.root;
  }

  async hasGeneration(): Promise<boolean> {
    return (await this.options.store.currentGeneration().catch(() => undefined)) !== undefined;
  }

  async indexedArticles(): Promise<number> {
    try {
      return (await this.options.store.readManifest()).counts.articles;
    } catch {
      return 0;
    }
  }

  open(previous?: ServedIndex): Promise<ServedIndex> {
    return this.load(undefined, previous);
  }

  async update(
    read: ReadUpdateInput,
    options: BackendUpdateOptions,
    previous?: ServedIndex,
  ): Promise<{ summary: IndexSummary; served?: ServedIndex }> {
    let written = undefined as LoadedIndex | undefined;
    let summary: IndexSummary;
    // The verb-form table of text analysis, read from beside the index when prepared there before
    // (an update analyses its changed passages; building the table would cost it a tenth of a second).
    prepareAnalysis({ cacheDir: this.options.store.root });
    try {
      summary = await this.options.indexer.update(read, {
        ...(options.full !== undefined ? { full: options.full } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onWritten: (index) => {
          written = index;
        },
      });
    } catch (error) {
      if (error instanceof IndexLockedError) throw new UserError('INDEX_LOCKED', error.message);
      throw error;
    }
    if (!summary.written && previous) return { summary };
    return { summary, served: await this.load(written, previous) };
  }

  async idle(): Promise<void> {
    while (this.cacheWrites.size > 0) await Promise.all([...this.cacheWrites]);
  }

  async close(): Promise<void> {
    await this.idle();
  }

  /** The live generation with its searches: `written` when the indexer hands it over, else loaded. */
  private async load(
    written: LoadedIndex | undefined,
    previousServed?: ServedIndex,
  ): Promise<EmbeddedServedIndex> {
    const { embedder, chunking, store, logger } = this.options;
    let cached: Promise<PostingsLexicalIndex | undefined> | undefined;
    const warnings: Array<[object | string, string | undefined]> = [];
    const deferredWarnings: Logger = {
      error: (details, message) => logger.error(details, message),
      warn: (details, message) => void warnings.push([details, message]),
      info: (details, message) => logger.info(details, message),
      debug: (details, message) => logger.debug(details, message),
      child: (bindings) => logger.child(bindings),
    };
    const index =
      written ??
      (await store.load(
        { embedderId: embedder.id, dimensions: embedder.dimensions, chunking },
        {
          // Work for the first question that needs only the manifest, done while the vectors load:
          // reading and checking the lexical cache, and the verb-form table of text analysis (prepared
          // beside the index once, then read from there).
          // Its warnings wait for the load to succeed: a failed load says what failed.
          whileVectorsLoad: (manifest) => {
            const generation = { generation: manifest.generation, passageCount: manifest.counts.passages };
            cached = readLexicalCache(store, generation, deferredWarnings);
            prepareAnalysis({ cacheDir: store.root });
          },
        },
      ));
    let lexical = await (cached ?? readLexicalCache(store, index, logger));
    for (const [details, message] of warnings) logger.warn(details, message);
    if (!lexical) {
      // Built synchronously from the previous generation where there is one, so queries that are
      // still running on it never see a half-updated index between two awaits.
      // Only for a generation updated from the previous one: after a full build every passage is new.
      const previous =
        previousServed instanceof EmbeddedServedIndex &&
        index.manifest.carriedOverFrom === previousServed.index.generation
          ? previousServed
          : undefined;
      // Without one (a process that has just indexed), from the cache of the generation this one
      // replaced: `quellen index` then analyses only what changed, as a running bot does.
      const built = previous
        ? nextLexicalIndex(index, { articles: previous.index.manifest.articles, lexical: previous.lexical })
        : ((await lexicalFromPreviousGeneration(store, index, logger)) ?? nextLexicalIndex(index));
      lexical = built;
      // Written once the caller has switched to the new generation, never in between.
      const write = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => writeLexicalCache(store, index, built, logger))
        .finally(() => this.cacheWrites.delete(write));
      this.cacheWrites.add(write);
    }
    return new EmbeddedServedIndex(index, lexical);
  }
}

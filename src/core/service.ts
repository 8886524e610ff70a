import type { Answerer } from './answer/answerer';
import { summarize, type Summary } from './answer/summarize';
import { UserError } from './errors';
import type { ArticleInfo, IndexBackend, ServedIndex } from './index/backend';
import { IndexLoadError } from './index/indexErrors';
import type { IndexProgress, IndexSummary, UpdateInput } from './index/indexer';
import type { ArticleReader } from './ingest/articleReader';
import { saveUploadedArticle } from './ingest/upload';
import type { Logger } from './logger';
import type { Pipeline, PipelineIndex } from './pipeline';
import { assertDateBounds } from './retrieval/dateRange';
import type { Retriever, RetrievalTimings } from './retrieval/retriever';
import type {
  Answer,
  AnswerLanguage,
  Article,
  ArticleSource,
  Embedder,
  Passage,
  ScoredPassage,
  SkippedFile,
} from './types';

export type { ArticleInfo } from './index/backend';

/** How often a process waits for the index another process builds is checked. */
const WAIT_FOR_INDEX_MS = 2_000;

/** Longest question accepted; longer input is refused with a clear message instead of being cut silently. */
export const MAX_QUESTION_CHARS = 1_000;

/** What `status` reports. */
export interface ServiceStatus {
  articles: number;
  passages: number;
  embedder: string;
  dims: number;
  /** Where the index is: files in a folder (`embedded`), or a database (`postgres`, at `host:port/database`). */
  backend: { kind: IndexBackend['kind']; location: string };
  /** The served index's vector index kind: `hnsw` or `flat` (embedded), `pgvector` (postgres). */
  vectorIndex?: string;
  builtAt?: string;
  generation?: string;
  skipped: SkippedFile[];
  lastReindex?: { at: string; by: string; summary: IndexSummary };
  reindexing?: { by: string; startedAt: string };
  startedAt: string;
}

/** Options of one question. */
export interface AskOptions {
  articleId?: string;
  dateFrom?: string;
  dateTo?: string;
  language?: AnswerLanguage;
  topK?: number;
}

/** An answer plus how long each stage took (for `--json`, benchmarks and logs). */
export interface AskResult {
  answer: Answer;
  timings: RetrievalTimings & { answerMs: number; totalMs: number };
}

/** Summaries with an optional model-written variant (the LLM path), falling back to extractive. */
export interface Summarizer {
  summarize(article: Article, options: { sentences?: number; language?: AnswerLanguage }): Promise<Summary>;
}

/** Everything the service needs; built once by the composition root (src/app.ts). */
export interface QuellenServiceDeps {
  source: ArticleSource;
  /** Where the index lives, and how it is read and written. */
  backend: IndexBackend;
  embedder: Embedder;
  /**
   * Builds retriever and answerer over a served index (`createPipeline` with the app's settings).
   * Called once per index generation, so a question retrieved from one generation is verified
   * against the same generation's texts.
   */
  createPipeline: (index: PipelineIndex) => Pipeline;
  /** Writes summaries; defaults to the extractive summariser. */
  summarizer?: Summarizer;
  /** The collection folder, where uploaded articles are stored. */
  docsDir: string;
  /** Reads uploaded articles (the app's is isolated, with a time and memory budget). */
  reader: ArticleReader;
  logger: Logger;
  topK: number;
  now?: () => Date;
}

interface Snapshot {
  served: ServedIndex;
  retriever: Retriever;
  answerer: Answerer;
}

/** What `open` adds to the reason a shared index cannot be used: it is not rebuilt at start. */
export const SHARED_INDEX_NOT_REBUILT =
  'the index is shared, so it is not rebuilt at start; run "quellen index --full" to rebuild it for every process, or configure this one as the others are';

/**
 * The product in one object: keeps the loaded index, answers questions and summaries from it,
 * and refreshes it. Adapters (CLI, terminal chat, Discord) only call this.
 *
 * A reindex builds the next generation while questions keep being answered from the current
 * snapshot; the new snapshot replaces it in one assignment when it is complete.
 */
export class QuellenService {
  private snapshot: Snapshot | undefined;
  private running: { by: string; startedAt: Date; done: Promise<IndexSummary> } | undefined;
  private last: ServiceStatus['lastReindex'];
  /** Stops following generations other processes write (a shared index). */
  private unwatch: (() => void) | undefined;
  /** A switch to a generation another process wrote, while one runs. */
  private switching: Promise<void> | undefined;
  private readonly startedAt: Date;
  private readonly now: () => Date;

  constructor(private readonly deps: QuellenServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.startedAt = this.now();
  }

  /**
   * Opens the index. A missing, outdated, mismatched or corrupt index is built (with a log line
   * saying why) unless `rebuild` is false: then no index is built and no database schema
   * migrated, and `INDEX_UNUSABLE` is thrown, its message saying why.
   * With `follow`, a process that runs on (a bot, a chat) switches to each generation other
   * processes write to a shared index; {@link close} stops that.
   * @returns the summary of that build, or undefined when the index was opened as is
   */
  async open(
    options: { rebuild?: boolean; follow?: boolean; onProgress?: (event: IndexProgress) => void } = {},
  ): Promise<IndexSummary | undefined> {
    try {
      this.snapshot = this.snapshotOf(
        await this.deps.backend.open(undefined, { readOnly: options.rebuild === false }),
      );
      if (options.follow) this.follow();
      return undefined;
    } catch (error) {
      if (!(error instanceof IndexLoadError)) throw error;
      if (options.rebuild === false) {
        throw new UserError('INDEX_UNUSABLE', error.message, { reason: error.code }, { cause: error });
      }
      // A shared index serves other processes too: one process configured otherwise must not
      // rebuild it for all of them on its own.
      if (this.shared && error.code !== 'missing') {
        throw new UserError(
          'INDEX_UNUSABLE',
          `${error.message}: ${SHARED_INDEX_NOT_REBUILT}.`,
          { reason: error.code },
          { cause: error },
        );
      }
      // A first start has no index yet: that is no warning (a generation missing its files is).
      const firstStart = error.code === 'missing' && !(await this.deps.backend.hasGeneration());
      if (firstStart) this.deps.logger.info({ code: error.code }, `${error.message}; building it`);
      else this.deps.logger.warn({ code: error.code }, `${error.message}; rebuilding the index`);
      const summary = await this.buildAtStart(error.code !== 'missing', options.onProgress);
      if (options.follow) this.follow();
      return summary;
    }
  }

  /**
   * Builds the index at start. On a shared index another process may be building it: then this
   * one waits for that index, and builds it itself should that process stop without one.
   * @returns the build's summary, or undefined when another process built it
   */
  private async buildAtStart(
    full: boolean,
    onProgress: ((event: IndexProgress) => void) | undefined,
  ): Promise<IndexSummary | undefined> {
    let waiting = false;
    for (;;) {
      try {
        return await this.reindex({ full, by: 'start-up', onProgress });
      } catch (failure) {
        if (!(this.shared && failure instanceof UserError && failure.code === 'INDEX_LOCKED')) throw failure;
        if (!waiting) {
          const by = failure.details.by;
          this.deps.logger.info(
            {},
            `Another process is building the index${by === undefined ? '' : ` (${by})`}; waiting for it.`,
          );
        }
        waiting = true;
      }
      // Checked every two seconds while the other process holds the lock.
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_INDEX_MS));
        try {
          this.snapshot = this.snapshotOf(await this.deps.backend.open());
          return undefined;
        } catch (error) {
          if (!(error instanceof IndexLoadError && error.code === 'missing')) throw error;
        }
        if (!(await this.deps.backend.writing?.())) break;
      }
    }
  }

  /** How many articles the live index holds: the loaded one's, else the one on disk (0 if none or unreadable). */
  private async indexedArticles(): Promise<number> {
    if (this.snapshot) return this.snapshot.served.articleCount;
    return this.deps.backend.indexedArticles();
  }

  /**
   * Serves the newest generation when it is not the one served: a shared index's generations are
   * written by whichever process indexes.
   * @returns whether it switched
   */
  async refresh(): Promise<boolean> {
    // A reindex of this process switches when it is done.
    if (this.running) return false;
    const served = await this.deps.backend.open(this.snapshot?.served);
    const current = this.snapshot?.served.generation;
    // A replica that has not replayed the newest generation yet can hand back an older one.
    if (served.generation === current || (current !== undefined && isOlder(served.generation, current))) {
      return false;
    }
    this.snapshot = this.snapshotOf(served);
    this.deps.logger.info(
      { generation: served.generation, articles: served.articleCount },
      `serving generation ${served.generation}, written by another process`,
    );
    return true;
  }

  /**
   * Follows the generations other processes write, when the backend is shared. The backend names
   * the newest generation whenever it hears of one and at every periodic check, so a switch that
   * failed or was skipped (while this process indexed) is tried again; switches never overlap.
   */
  private follow(): void {
    const { backend, logger } = this.deps;
    if (this.unwatch || !backend.watch) return;
    this.unwatch = backend.watch((generation) => {
      const current = this.snapshot?.served.generation;
      if (generation === current || (current !== undefined && isOlder(generation, current))) return;
      if (this.switching || this.running) return;
      this.switching = this.refresh()
        .then(
          () => undefined,
          (error: unknown) =>
            logger.warn({ generation }, `could not switch to generation ${generation}: ${String(error)}`),
        )
        .finally(() => {
          this.switching = undefined;
        });
    });
  }

  /** Whether the index is shared with other processes (which write generations this one follows). */
  get shared(): boolean {
    return this.deps.backend.watch !== undefined;
  }

  /** Whether an index is loaded. */
  get ready(): boolean {
    return this.snapshot !== undefined;
  }

  /**
   * Brings the index up to date with the article collection and switches to it.
   * @throws UserError `REINDEX_RUNNING` while another run of this process is active,
   *   `INDEX_LOCKED` while another process holds the index lock, `COLLECTION_EMPTY` when the
   *   collection has no articles but the index has some (an unmounted or mistyped folder would
   *   otherwise empty it) unless `allowEmpty` is set
   */
  async reindex(
    options: {
      full?: boolean;
      /** Lets a collection without articles empty an index that has some. */
      allowEmpty?: boolean;
      by?: string;
      onProgress?: (event: IndexProgress) => void;
      signal?: AbortSignal;
      /** The caller shows the summary's skipped files to whoever asked: they are logged at debug only. */
      skippedShown?: boolean;
    } = {},
  ): Promise<IndexSummary> {
    const by = options.by ?? 'unknown';
    if (this.running) {
      throw new UserError(
        'REINDEX_RUNNING',
        `A reindex started by ${this.running.by} at ${this.running.startedAt.toISOString()} is still running.`,
        { by: this.running.by, startedAt: this.running.startedAt.toISOString() },
      );
    }
    const done = this.runReindex(options);
    this.running = { by, startedAt: this.now(), done };
    try {
      const summary = await done;
      this.last = { at: this.now().toISOString(), by, summary };
      return summary;
    } finally {
      this.running = undefined;
    }
  }

  private async runReindex(options: {
    full?: boolean;
    allowEmpty?: boolean;
    onProgress?: (event: IndexProgress) => void;
    signal?: AbortSignal;
    skippedShown?: boolean;
  }): Promise<IndexSummary> {
    let input: UpdateInput | undefined;
    const logSkipped = (level: 'warn' | 'debug'): void => {
      for (const skipped of input?.skipped ?? [])
        this.deps.logger[level]({ file: skipped.path }, `skipped ${skipped.path}: ${skipped.reason}`);
    };
    // Read once the indexer has loaded the live generation: a file whose bytes it holds is its
    // article already (not parsed again) when the update keeps that article's passages.
    const read = async (known: ReadonlyMap<string, Article> | undefined): Promise<UpdateInput> => {
      const articles = await this.deps.source.readAll(known ? { known: (id) => known.get(id) } : {});
      input = articles;
      const indexed = articles.articles.length > 0 ? 0 : await this.indexedArticles();
      if (articles.articles.length === 0 && indexed > 0 && options.allowEmpty !== true) {
        // Files that are there but could not be read say more than "no articles".
        const [first] = articles.skipped;
        const unread = first
          ? ` (${articles.skipped.length} skipped, e.g. ${first.path}: ${first.reason})`
          : '';
        throw new UserError(
          'COLLECTION_EMPTY',
          `No articles in ${this.deps.docsDir}${unread}: the index keeps its ${indexed} articles (to empty it, reindex with --allow-empty).`,
          { docs: this.deps.docsDir, indexed },
        );
      }
      // A caller that shows the summary lists them there; a run that fails shows no summary.
      if (!options.skippedShown) logSkipped('warn');
      return articles;
    };
    let result: Awaited<ReturnType<IndexBackend['update']>>;
    try {
      result = await this.deps.backend.update(
        read,
        {
          ...(options.full !== undefined ? { full: options.full } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
        this.snapshot?.served,
      );
    } catch (error) {
      // An empty folder is refused before anything is indexed, with the skipped files in its message.
      const empty = error instanceof UserError && error.code === 'COLLECTION_EMPTY';
      if (options.skippedShown && !empty) logSkipped('warn');
      throw error;
    }
    if (options.skippedShown) logSkipped('debug');
    if (result.served) this.snapshot = this.snapshotOf(result.served);
    const { summary } = result;
    return summary;
  }

  /**
   * Stores an uploaded article in the collection (validated, never overwriting a different
   * article) and indexes it. When a reindex is already running, the file is stored and the
   * next run picks it up (`indexed: false`).
   * @throws UserError `UPLOAD_REJECTED` with the reason
   */
  async addArticle(
    fileName: string,
    bytes: Uint8Array,
    by: string,
  ): Promise<{
    status: 'saved' | 'unchanged';
    articleId: string;
    title: string;
    indexed: boolean;
    summary?: IndexSummary;
  }> {
    const outcome = await saveUploadedArticle(this.deps.docsDir, fileName, bytes, {
      reader: this.deps.reader,
    });
    const base = { status: outcome.status, articleId: outcome.article.id, title: outcome.article.title };
    this.deps.logger.info({ file: fileName, by, status: outcome.status }, 'article uploaded');
    if (this.running) return { ...base, indexed: false };
    const summary = await this.reindex({ by });
    return { ...base, indexed: true, summary };
  }

  /** Answers a question from the current index. */
  async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
    const text = question.trim();
    if (text.length === 0) throw new UserError('EMPTY_QUESTION', 'The question is empty.');
    if (text.length > MAX_QUESTION_CHARS) {
      throw new UserError(
        'QUESTION_TOO_LONG',
        `The question is longer than ${MAX_QUESTION_CHARS} characters.`,
        {
          max: MAX_QUESTION_CHARS,
        },
      );
    }
    const snapshot = this.current();
    // An empty collection is said as such, not as "the articles do not cover it".
    if (snapshot.served.articleCount === 0) {
      throw new UserError(
        'NO_ARTICLES',
        `No articles are indexed: add some to ${this.deps.docsDir} and update the index.`,
      );
    }
    // The article filter takes what findArticle takes: an id with or without extension, or a title.
    const articleId =
      options.articleId === undefined ? undefined : (await this.findArticle(options.articleId)).id;
    assertDateBounds(options.dateFrom, options.dateTo);
    const started = performance.now();
    const { passages, timings, expansion } = await snapshot.retriever.retrieve(text, {
      topK: options.topK ?? this.deps.topK,
      articleId,
      dateFrom: options.dateFrom,
      dateTo: options.dateTo,
    });
    const answerStarted = performance.now();
    const context = await articleContext(snapshot.served, passages);
    // The answerer reuses retrieval's translation of the question instead of translating again.
    const answer = await snapshot.answerer.answer(text, passages, {
      ...(options.language ? { language: options.language } : {}),
      ...(expansion !== undefined ? { expansion } : {}),
      ...(context.length > 0 ? { context } : {}),
    });
    const finished = performance.now();
    return {
      answer,
      timings: { ...timings, answerMs: finished - answerStarted, totalMs: finished - started },
    };
  }

  /** Summarises one article, found by id or title. */
  async summarize(
    reference: string,
    options: { sentences?: number; language?: AnswerLanguage } = {},
  ): Promise<Summary> {
    const { served } = this.current();
    const article = await this.article(reference);
    if (this.deps.summarizer) return this.deps.summarizer.summarize(article, options);
    return summarize(article, {
      embedder: this.deps.embedder,
      sentences: options.sentences,
      passages: await served.passagesOf(article.id),
    });
  }

  /**
   * One article with its text, found as {@link findArticle} finds it.
   * @throws UserError `ARTICLE_NOT_FOUND` | `ARTICLE_AMBIGUOUS`
   */
  async article(reference: string): Promise<Article> {
    const { id } = await this.findArticle(reference);
    const article = (await this.current().served.search.articles([id])).get(id);
    if (!article)
      throw new UserError('ARTICLE_NOT_FOUND', `No article "${reference.trim()}".`, { article: id });
    return article;
  }

  /**
   * An article by exact id, id without extension, title (case-insensitive), or a unique start of
   * its id, part of its title or part of its id (at least 3 characters).
   * @throws UserError `ARTICLE_NOT_FOUND` | `ARTICLE_AMBIGUOUS`
   */
  findArticle(reference: string): Promise<ArticleInfo> {
    return this.current().served.catalogue.find(reference);
  }

  /** Indexed articles, sorted by id. */
  articles(): Promise<ArticleInfo[]> {
    return this.current().served.catalogue.list();
  }

  /** Articles whose title or id contains the text (for autocomplete), best matches first. */
  searchArticles(text: string, limit = 25): Promise<ArticleInfo[]> {
    return this.current().served.catalogue.search(text, limit);
  }

  /** Resolves once background work (lexical cache writes) has finished; it never rejects. */
  async idle(): Promise<void> {
    await this.deps.backend.idle();
  }

  /**
   * Waits for background work and frees what the service holds (the article reader's worker).
   * Call it before removing the index folder or ending the process on purpose.
   */
  async close(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    await this.deps.backend.close();
    await this.deps.reader.close();
  }

  status(): ServiceStatus {
    const served = this.snapshot?.served;
    return {
      articles: served?.articleCount ?? 0,
      passages: served?.passageCount ?? 0,
      embedder: this.deps.embedder.id,
      dims: this.deps.embedder.dimensions,
      backend: { kind: this.deps.backend.kind, location: this.deps.backend.location },
      vectorIndex: served?.vectorIndex,
      builtAt: served?.builtAt,
      generation: served?.generation,
      skipped: served ? [...served.skipped] : [],
      lastReindex: this.last,
      reindexing: this.running
        ? { by: this.running.by, startedAt: this.running.startedAt.toISOString() }
        : undefined,
      startedAt: this.startedAt.toISOString(),
    };
  }

  private current(): Snapshot {
    if (!this.snapshot)
      throw new UserError('INDEX_EMPTY', 'The index is not loaded yet. Run "quellen index" first.');
    return this.snapshot;
  }

  /** Retrieval and answers over a generation. */
  private snapshotOf(served: ServedIndex): Snapshot {
    const index: PipelineIndex = {
      search: served.search,
      unrelatedSimilarity: () => served.unrelatedSimilarity(),
      vocabulary: served.vocabulary,
    };
    const { retriever, answerer } = this.deps.createPipeline(index);
    return { served, retriever, answerer };
  }
}

/** Whether generation `a` is older than `b`, for generations numbered in order (a shared index's). */
function isOlder(a: string, b: string): boolean {
  const [x, y] = [Number(a), Number(b)];
  return Number.isInteger(x) && Number.isInteger(y) && x < y;
}

/**
 * How many passages on each side of the best one {@link articleContext} reads: ample for the
 * sentences an answerer reads of them (`ScoringOptions.contextSentences`), and the same whatever
 * the article's length.
 */
const CONTEXT_REACH = 8;

/**
 * The passages near the best retrieved passage in its article that retrieval did not return, the
 * nearest first (see `AnswerOptions.context`): what `ask` hands the answerer beside the retrieved
 * passages, for tools that answer as it does.
 */
export async function articleContext(
  served: Pick<ServedIndex, 'passagesOf'>,
  retrieved: readonly ScoredPassage[],
): Promise<Passage[]> {
  const best = retrieved[0]?.passage;
  if (!best) return [];
  const returned = new Set(retrieved.map((hit) => hit.passage.id));
  const near = await served.passagesOf(best.articleId, {
    from: best.ordinal - CONTEXT_REACH,
    to: best.ordinal + CONTEXT_REACH + 1,
  });
  const distance = (passage: Passage) => Math.abs(passage.ordinal - best.ordinal);
  return near.filter((passage) => !returned.has(passage.id)).sort((a, b) => distance(a) - distance(b));
}

import type { Config } from './config';
import { LlmSummarizer } from './core/answer/llm/llmSummarizer';
import type { LlmConfig } from './core/answer/llm/chatCompletions';
import { chunkArticle } from './core/chunking/chunker';
import { createEmbedder, type EmbedderSelection } from './core/embedding/select';
import { Indexer } from './core/index/indexer';
import { IndexStore } from './core/index/store';
import { IsolatedReader } from './core/ingest/isolatedReader';
import { FileArticleSource } from './core/ingest/fileSource';
import type { Logger } from './core/logger';
import { createPipeline, denseFloorFor } from './core/pipeline';
import { loadSynonyms, type SynonymLoadOptions, type SynonymLookup } from './core/text/synonyms';
import { LazyReranker } from './core/rerank/reranker';
import { TransformersReranker } from './core/rerank/transformersReranker';
import { EmbeddedBackend } from './core/index/embeddedBackend';
import { UserError } from './core/errors';
import type { MigrationResult } from './postgres/schema';
import type { PostgresBackend } from './postgres/postgresBackend';
import type { VocabularyLookup } from './core/index/backend';
import { translateOver } from './core/retrieval/translate/vocabularyLookup';
import { DictionaryTranslator, type TranslatedQuery } from './core/retrieval/translate/dictionaryTranslator';
import { QuellenService } from './core/service';
import type { ChunkingOptions, Embedder, QueryExpander, QueryExpansion } from './core/types';

/** Everything an entry point needs, built once from the configuration. */
export interface AppContext {
  config: Config;
  logger: Logger;
  embedder: Embedder;
  service: QuellenService;
  /** The configured re-ranker (`RERANK_MODEL`), loaded on first use. */
  reranker?: LazyReranker;
}

/** The chunking settings the configuration asks for. */
export function chunkingOf(config: Config): ChunkingOptions {
  return { maxChars: config.CHUNK_MAX_CHARS, overlapSentences: config.CHUNK_OVERLAP_SENTENCES };
}

/** The embedder the configuration asks for. */
export function embedderSelectionOf(config: Config): EmbedderSelection {
  return {
    mode: config.EMBEDDINGS,
    modelId: config.EMBEDDING_MODEL,
    modelsDir: config.MODELS_DIR,
    allowRemote: config.ALLOW_REMOTE_MODELS,
    builtinDimensions: config.BUILTIN_DIMENSIONS,
    batchSize: config.EMBED_BATCH_SIZE,
  };
}

/**
 * The re-ranker the configuration asks for (`RERANK_MODEL`), or undefined. It loads on the first
 * question (or `ready()`); set on purpose, a model that cannot load fails with the fix instead of
 * a silent fallback.
 */
export function createRerankerOf(config: Config, logger?: Logger): LazyReranker | undefined {
  const modelId = config.RERANK_MODEL;
  if (!modelId) return undefined;
  return new LazyReranker(
    `transformers:${modelId}`,
    () =>
      TransformersReranker.create({
        modelId,
        modelsDir: config.MODELS_DIR,
        allowRemote: config.ALLOW_REMOTE_MODELS,
      }),
    // Members see "the model is not available"; the operator's log says why and what to do.
    (error) => logger?.error({ model: modelId }, error instanceof Error ? error.message : String(error)),
  );
}

/**
 * English → German query expansion, bound to one collection: `over(vocabulary)` gives the
 * translation of questions about the collection the vocabulary describes (its words, to prefer
 * the translations it uses; its passages, to choose among a word's senses). The app binds it to
 * its live index, and tools to each corpus they build, so they measure what ships.
 */
export interface Translation {
  over(vocabulary?: VocabularyLookup): QueryExpander;
}

/** A {@link Translation} with a loaded dictionary. */
export function translationOf(translator: DictionaryTranslator): Translation {
  const expansion = ({ text, concepts, unknown, common }: TranslatedQuery): QueryExpansion => ({
    text,
    ...(concepts ? { concepts } : {}),
    ...(unknown ? { unknown } : {}),
    ...(common ? { common } : {}),
  });
  return {
    over: (vocabulary) =>
      vocabulary
        ? async (query) => expansion(await translateOver(translator, vocabulary, query))
        : async (query) => expansion(translator.translate(query)),
  };
}

/**
 * The query translation the app uses (English → German with the dictionary at
 * `DICTIONARY_PATH`), undefined without a dictionary.
 */
export async function loadTranslation(
  config: Pick<Config, 'DICTIONARY_PATH'>,
  options: { cacheDir?: string; onPrepare?: (path: string) => void; prepare?: 'now' | 'when-needed' } = {},
): Promise<Translation | undefined> {
  const translator = await DictionaryTranslator.load(config.DICTIONARY_PATH, options);
  return translator ? translationOf(translator) : undefined;
}

/**
 * The German synonyms the app uses (OpenThesaurus at `THESAURUS_PATH`), undefined without the
 * thesaurus. Prepared once into `cacheDir` (one to two seconds), then opened in about 15 ms.
 */
export function loadSynonymsOf(
  config: Pick<Config, 'THESAURUS_PATH'>,
  options: SynonymLoadOptions = {},
): SynonymLookup | undefined {
  return loadSynonyms(config.THESAURUS_PATH, options) ?? undefined;
}

/**
 * Creates or updates quellen's schema in the database (`quellen migrate`); bot processes also do
 * this when they start.
 * @throws UserError `INVALID_CONFIG` for the embedded backend, which has no schema to migrate
 */
export async function migrateDatabase(config: Config): Promise<MigrationResult> {
  if (config.INDEX_BACKEND !== 'postgres' || !config.DATABASE_URL) {
    throw new UserError(
      'INVALID_CONFIG',
      'Only the postgres backend has a schema to migrate: set INDEX_BACKEND=postgres and DATABASE_URL.',
    );
  }
  const url = config.DATABASE_URL;
  const [{ createPool, explainDatabaseError }, { migrate }] = await Promise.all([
    import('./postgres/database.js'),
    import('./postgres/schema.js'),
  ]);
  const pool = createPool({ url, maxConnections: 1 });
  try {
    return await migrate(pool);
  } catch (error) {
    throw explainDatabaseError(error, url);
  } finally {
    await pool.end();
  }
}

/**
 * The index in PostgreSQL (`INDEX_BACKEND=postgres`): pools to the primary and the replica, if
 * any. Its modules (and the PostgreSQL client) are loaded only for this backend.
 */
async function postgresBackendOf(
  config: Config,
  parts: { embedder: Embedder; chunking: ChunkingOptions; logger: Logger },
): Promise<PostgresBackend> {
  const [{ createPool }, { PostgresBackend }] = await Promise.all([
    import('./postgres/database.js'),
    import('./postgres/postgresBackend.js'),
  ]);
  const url = config.DATABASE_URL!;
  const settings = { maxConnections: config.DATABASE_POOL_SIZE, efSearch: config.PGVECTOR_EF_SEARCH };
  const pool = createPool({ url, ...settings });
  const readPool = config.DATABASE_READ_URL
    ? createPool({ url: config.DATABASE_READ_URL, ...settings })
    : undefined;
  return new PostgresBackend({
    pool,
    ...(readPool ? { readPool, readUrl: config.DATABASE_READ_URL! } : {}),
    url,
    embedder: parts.embedder,
    chunking: parts.chunking,
    chunk: (article) => chunkArticle(article, parts.chunking),
    logger: parts.logger,
    cacheDir: config.INDEX_DIR,
  });
}

/** What an app is built for; the default builds everything. */
export interface AppOptions {
  /**
   * false for commands that answer no question (status, listings, indexing): the dictionary
   * (about half a second to load) and the re-ranker are left out, so such an app would answer
   * English questions without translation.
   */
  answers?: boolean;
  /**
   * When the dictionary's table is prepared if it is not cached yet (once per installed
   * dictionary, about 15 s): `at-start` (default), before anything is answered, as a bot needs
   * (preparing blocks the process); `when-needed`, at the first English question, so that a
   * command asked a German question never waits for it.
   */
  dictionary?: 'at-start' | 'when-needed';
}

/**
 * The composition root: config → embedder → index store → indexer → retrieval and answers
 * → service. The only place that chooses implementations; everything else gets them passed.
 */
export async function createApp(
  config: Config,
  logger: Logger,
  options: AppOptions = {},
): Promise<AppContext> {
  const answers = options.answers !== false;
  const embedder = await createEmbedder(embedderSelectionOf(config), {
    warn: (msg) => logger.warn(msg),
    info: (msg) => logger.debug(msg),
  });
  const chunking = chunkingOf(config);
  const store = new IndexStore(config.INDEX_DIR);
  const indexer = new Indexer({
    store,
    embedder,
    chunk: (article) => chunkArticle(article, chunking),
    chunking,
    vectorIndex: config.VECTOR_INDEX,
    // The lock records the pid and host itself.
    lockedBy: 'quellen',
  });

  const translation = !answers
    ? undefined
    : await loadTranslation(config, {
        cacheDir: config.INDEX_DIR,
        prepare: options.dictionary === 'when-needed' ? 'when-needed' : 'now',
        // Seconds of silence otherwise, on the first start after installing the dictionary.
        onPrepare: (path) =>
          logger.info(
            { path },
            'preparing the German–English dictionary for English questions (once, about 15 s)',
          ),
      });
  // Without the dictionary (and a multilingual model) English questions about German articles
  // mostly go unanswered: say so once, with the fix. German questions do not depend on it.
  if (answers && !translation)
    logger[embedder.id.startsWith('builtin') ? 'warn' : 'info'](
      { path: config.DICTIONARY_PATH },
      'no German–English dictionary: English questions about German articles mostly go unanswered; install it with apt-get install trans-de-en',
    );

  let thesaurusProblem = false;
  const synonyms = !answers
    ? undefined
    : loadSynonymsOf(config, {
        cacheDir: config.INDEX_DIR,
        onPrepare: (path) =>
          logger.info({ path }, 'preparing the German thesaurus (once, one to two seconds)'),
        onProblem: (message) => {
          thesaurusProblem = true;
          logger.warn(
            { path: config.THESAURUS_PATH },
            `${message}; German questions are matched by their own words only`,
          );
        },
      });
  // German questions work without it; those asked in other words than the articles' lose a little.
  if (answers && !synonyms && !thesaurusProblem)
    logger.info(
      { path: config.THESAURUS_PATH },
      'no German thesaurus: questions asked in other words than the articles are matched less well; install it with apt-get install openthesaurus-de-text',
    );

  const llm: LlmConfig | undefined =
    config.LLM_BASE_URL && config.LLM_MODEL
      ? {
          baseUrl: config.LLM_BASE_URL,
          model: config.LLM_MODEL,
          apiKey: config.LLM_API_KEY,
          timeoutMs: config.LLM_TIMEOUT_MS,
        }
      : undefined;
  const warnLogger = { warn: (details: object, message: string) => logger.warn(details, message) };
  const reranker = answers ? createRerankerOf(config, logger) : undefined;

  // Every article, from the folder or an upload, is read off the main thread within a budget.
  const reader = new IsolatedReader(config.MAX_ARTICLE_BYTES);
  const service = new QuellenService({
    source: new FileArticleSource(config.DOCS_DIR, { maxBytes: config.MAX_ARTICLE_BYTES, reader }),
    backend:
      config.INDEX_BACKEND === 'postgres'
        ? await postgresBackendOf(config, { embedder, chunking, logger })
        : new EmbeddedBackend({ store, indexer, embedder, chunking, logger }),
    embedder,
    // Translation prefers the words of the generation it answers from.
    createPipeline: (index) =>
      createPipeline(index, {
        embedder,
        ...(translation ? { translate: translation.over(index.vocabulary) } : {}),
        language: config.ANSWER_LANGUAGE,
        // The relevance defaults are calibrated for the built-in embedder; a model's similarities
        // are measured against the index's unrelated passages instead.
        denseFloor: denseFloorFor(embedder),
        ...(llm ? { llm, logger: warnLogger } : {}),
        ...(reranker ? { reranker } : {}),
        ...(synonyms ? { synonyms } : {}),
        ...(config.RERANK_MIN_SCORE !== undefined
          ? { reranking: { minScore: config.RERANK_MIN_SCORE } }
          : {}),
      }),
    summarizer: llm ? new LlmSummarizer({ llm, embedder, logger: warnLogger }) : undefined,
    docsDir: config.DOCS_DIR,
    reader,
    logger,
    topK: config.TOP_K,
  });
  return { config, logger, embedder, service, ...(reranker ? { reranker } : {}) };
}

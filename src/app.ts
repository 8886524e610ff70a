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
import { LazyReranker } from './core/rerank/reranker';
import { TransformersReranker } from './core/rerank/transformersReranker';
import {
  DictionaryTranslator,
  type TranslationVocabulary,
} from './core/retrieval/translate/dictionaryTranslator';
import type { PostingsLexicalIndex } from './core/retrieval/postingsLexicalIndex';
import { QuellenService } from './core/service';
import type { ChunkingOptions, Embedder } from './core/types';

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
  over(vocabulary?: TranslationVocabulary): (query: string) => string;
}

/** A {@link Translation} with a loaded dictionary. */
export function translationOf(translator: DictionaryTranslator): Translation {
  return {
    over: (vocabulary) => {
      const bound = vocabulary ? translator.withVocabulary(vocabulary) : translator;
      return (query) => bound.translate(query).text;
    },
  };
}

/** What the translator asks of a lexical index: its word families and its postings. */
export function indexVocabulary(
  lexical: Pick<PostingsLexicalIndex, 'hasWordFamily' | 'passagesWith' | 'hasTerm'>,
): TranslationVocabulary {
  return {
    has: (term) => lexical.hasWordFamily(term),
    passagesWith: (term) => lexical.passagesWith(term),
    hasTerm: (term) => lexical.hasTerm(term),
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

  // The service is created below; the translator asks it which German words the collection uses.
  const live: { service?: QuellenService } = {};
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
  const translate = translation?.over({
    has: (term) => live.service?.hasIndexedTerm(term) ?? false,
    passagesWith: (term) => live.service?.passagesWithTerm(term) ?? [],
    hasTerm: (term) => live.service?.hasWrittenTerm(term) ?? false,
  });
  // Without the dictionary (and a multilingual model) English questions about German articles
  // mostly go unanswered: say so once, with the fix. German questions do not depend on it.
  if (answers && !translate)
    logger[embedder.id.startsWith('builtin') ? 'warn' : 'info'](
      { path: config.DICTIONARY_PATH },
      'no German–English dictionary: English questions about German articles mostly go unanswered; install it with apt-get install trans-de-en',
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
    store,
    indexer,
    embedder,
    chunking,
    createPipeline: (index) =>
      createPipeline(index, {
        embedder,
        ...(translate ? { translate } : {}),
        language: config.ANSWER_LANGUAGE,
        // The relevance defaults are calibrated for the built-in embedder; a model's similarities
        // are measured against the index's unrelated passages instead.
        denseFloor: denseFloorFor(embedder),
        ...(llm ? { llm, logger: warnLogger } : {}),
        ...(reranker ? { reranker } : {}),
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
  live.service = service;
  return { config, logger, embedder, service, ...(reranker ? { reranker } : {}) };
}

import type { Config } from './config';
import { ExtractiveAnswerer } from './core/answer/extractive';
import { LlmAnswerer } from './core/answer/llm/llmAnswerer';
import { LlmSummarizer } from './core/answer/llm/llmSummarizer';
import type { LlmConfig } from './core/answer/llm/client';
import { chunkArticle } from './core/chunking/chunker';
import { createEmbedder, type EmbedderSelection } from './core/embedding/select';
import { Indexer } from './core/index/indexer';
import { IndexStore } from './core/index/store';
import { IsolatedReader } from './core/ingest/isolated-reader';
import { FileArticleSource } from './core/ingest/file-source';
import type { Logger } from './core/logger';
import { DictionaryTranslator } from './core/retrieval/translate';
import { QuellenService } from './core/service';
import type { ChunkingOptions, Embedder } from './core/types';

/** Everything an entry point needs, built once from the configuration. */
export interface AppContext {
  config: Config;
  logger: Logger;
  embedder: Embedder;
  service: QuellenService;
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
 * The composition root: config → embedder → index store → indexer → retrieval and answers
 * → service. The only place that chooses implementations; everything else gets them passed.
 */
export async function createApp(config: Config, logger: Logger): Promise<AppContext> {
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
    lockedBy: `quellen (pid ${process.pid})`,
  });

  // The service is created below; the translator asks it which German words the collection uses.
  const live: { service?: QuellenService } = {};
  const translator = await DictionaryTranslator.load(config.DICTIONARY_PATH, {
    cacheDir: config.INDEX_DIR,
    vocabulary: { has: (term) => live.service?.hasIndexedTerm(term) ?? false },
  });
  // Without the dictionary (and a multilingual model) English questions about German articles
  // mostly go unanswered: say so once, with the fix. German questions do not depend on it.
  if (!translator)
    logger[embedder.id.startsWith('builtin') ? 'warn' : 'info'](
      { path: config.DICTIONARY_PATH },
      'no German–English dictionary: English questions about German articles mostly go unanswered; install it with apt-get install trans-de-en',
    );
  const translate = translator ? (query: string) => translator.translate(query).text : undefined;

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

  // Every article, from the folder or an upload, is read off the main thread within a budget.
  const reader = new IsolatedReader(config.MAX_ARTICLE_BYTES);
  const service = new QuellenService({
    source: new FileArticleSource(config.DOCS_DIR, { maxBytes: config.MAX_ARTICLE_BYTES, reader }),
    store,
    indexer,
    embedder,
    chunking,
    createAnswerer: (lookup) => {
      const extractive = new ExtractiveAnswerer({
        embedder,
        lookup,
        expandQuery: translate,
        language: config.ANSWER_LANGUAGE,
      });
      if (!llm) return extractive;
      return new LlmAnswerer({
        llm,
        embedder,
        lookup,
        fallback: extractive,
        language: config.ANSWER_LANGUAGE,
        logger: warnLogger,
      });
    },
    summarizer: llm ? new LlmSummarizer({ llm, embedder, logger: warnLogger }) : undefined,
    translate,
    docsDir: config.DOCS_DIR,
    reader,
    logger,
    topK: config.TOP_K,
  });
  live.service = service;
  return { config, logger, embedder, service };
}
